"""The batching consumer on real Kafka behind a transactional producer, as the outbox relay
publishes: each transaction's commit marker holds an offset but no record. The spans reach
past the markers, so the sink is never taken to stand before a batch (no batch refused and
read again), and every event arrives once, on both partitions."""

from __future__ import annotations

import asyncio
import time

import pytest
from aiokafka import AIOKafkaProducer, TopicPartition
from spin_contracts.topics import Topic, topic_name
from spincore.batch_consumer import BatchConsumer
from spincore.settings import ServiceSettings

from tests.support.isolation import Isolation
from tests.unit.spincore.test_batch_consumer import ACCEPTED, closed
from tests.unit.spincore.test_batch_consumer_partitions import Sink

pytestmark = pytest.mark.integration


async def transactions(isolated: Isolation, first: int, count: int) -> None:
    """`count` events, one transaction each, alternating between partitions 0 and 1."""
    producer = AIOKafkaProducer(
        **isolated.endpoints.kafka.client_options(), transactional_id=f"{isolated.token}-relay"
    )
    await producer.start()
    try:
        for n in range(first, first + count):
            async with producer.transaction():
                topic = topic_name(Topic.PLANNER, isolated.topic_prefix)
                await producer.send_and_wait(topic, closed(n), partition=n % 2)
    finally:
        await producer.stop()


async def arrived(sink: Sink, count: int, within_s: float = 60) -> None:
    deadline = time.monotonic() + within_s
    while (got := sum(len(offsets) for offsets in sink.events.values())) < count:
        assert time.monotonic() < deadline, f"{got} of {count} events arrived"
        await asyncio.sleep(0.1)


async def test_commit_markers_never_make_the_sink_refuse_a_batch(isolated: Isolation) -> None:
    settings = isolated.settings(ServiceSettings, service_name="tests")
    sink = Sink()
    consumer = BatchConsumer(settings, "markers", sink, max_batch=3)
    consumer.subscribe(Topic.PLANNER, accepts=ACCEPTED)
    await transactions(isolated, 0, 20)  # read from the start, in batches of three
    async with consumer.running():
        await arrived(sink, 20)
        await transactions(isolated, 20, 10)  # read as they come, marker after marker
        await arrived(sink, 30)
        await asyncio.sleep(1.5)  # idle: the consumer's check for a sink behind it runs
    # Every record and its marker: two offsets an event, 15 events a partition.
    assert sink.stands_at == {TopicPartition(consumer.topics[0], p): 30 for p in (0, 1)}
    assert [sorted(sink.events[tp]) for tp in sorted(sink.events)] == [
        [2 * n for n in range(15)] for _ in (0, 1)
    ]
    assert sink.refused == 0
