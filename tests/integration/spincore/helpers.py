"""Reading a test's topics from the beginning with a plain aiokafka consumer."""

from __future__ import annotations

import asyncio
import time

from aiokafka import AIOKafkaConsumer
from spin_contracts.topics import Topic, topic_name

from tests.support.isolation import Isolation


async def read_topic(
    isolated: Isolation, topic: Topic, expected: int, timeout_s: float = 60
) -> list[bytes]:
    """Every value on `topic` until at least `expected` arrived (or the deadline passed)."""
    consumer = AIOKafkaConsumer(
        topic_name(topic, isolated.topic_prefix),
        **isolated.endpoints.kafka.client_options(),
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        isolation_level="read_committed",  # as the services read: no aborted relay runs
    )
    await consumer.start()
    values: list[bytes] = []
    deadline = time.monotonic() + timeout_s
    try:
        while len(values) < expected and time.monotonic() < deadline:
            batch = await consumer.getmany(timeout_ms=500)
            values += [record.value for records in batch.values() for record in records]
        await asyncio.sleep(0.5)  # anything beyond `expected` (a duplicate) shows up too
        batch = await consumer.getmany(timeout_ms=500)
        values += [record.value for records in batch.values() for record in records]
    finally:
        await consumer.stop()
    return values
