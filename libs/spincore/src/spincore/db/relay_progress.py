"""The outbox relay's progress on its compacted topic: the outbox ids of its last committed
Kafka transaction, as [first, last] ranges, keyed by the relay's transactional id."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence

from aiokafka import AIOKafkaConsumer, TopicPartition

from spincore.kafka_connection import KafkaConnection

PROGRESS_READ_S = 30.0


def id_ranges(ids: Sequence[int]) -> list[list[int]]:
    """Ascending ids as [first, last] runs: a run's ids are mostly consecutive."""
    ranges: list[list[int]] = []
    for row_id in ids:
        if ranges and row_id == ranges[-1][1] + 1:
            ranges[-1][1] = row_id
        else:
            ranges.append([row_id, row_id])
    return ranges


def ids_of(ranges: Sequence[Sequence[int]]) -> list[int]:
    return [n for first, last in ranges for n in range(first, last + 1)]


def progress_record(ids: Sequence[int]) -> bytes:
    return json.dumps({"ranges": id_ranges(ids)}).encode()


async def read_progress(kafka: KafkaConnection, topic: str, relay: str) -> list[list[int]]:
    """The ranges of `relay`'s last committed progress record ([] if none)."""
    # Read to the end the log has now, not only to the last stable offset: that lags while
    # the previous lead's commit markers replicate. read_committed skips aborted runs.
    partition = TopicPartition(topic, 0)  # the topic has one partition
    options = {**kafka.client_options(), "enable_auto_commit": False}
    consumer = AIOKafkaConsumer(**options)
    await consumer.start()
    try:
        ends = await consumer.end_offsets([partition])
    finally:
        await consumer.stop()
    consumer = AIOKafkaConsumer(**options, isolation_level="read_committed")
    await consumer.start()
    try:
        consumer.assign([partition])
        await consumer.seek_to_beginning(partition)
        return await _read_last(consumer, ends, relay.encode())
    finally:
        await consumer.stop()


async def _read_last(
    consumer: AIOKafkaConsumer, ends: dict[TopicPartition, int], key: bytes
) -> list[list[int]]:
    last: list[list[int]] = []
    deadline = time.monotonic() + PROGRESS_READ_S
    while not await _read_to(consumer, ends):
        if time.monotonic() > deadline:
            raise TimeoutError("the outbox progress topic could not be read to its end")
        for records in (await consumer.getmany(timeout_ms=500)).values():
            for record in records:
                if record.key == key and record.value:
                    last = json.loads(record.value)["ranges"]
    return last


async def _read_to(consumer: AIOKafkaConsumer, ends: dict[TopicPartition, int]) -> bool:
    positions = [await consumer.position(p) for p in ends]
    return all(at >= end for at, end in zip(positions, ends.values(), strict=True))
