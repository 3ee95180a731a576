"""Where a batching consumer reads: positions of the consumer and of the sink, per partition."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Collection, Mapping

from aiokafka import AIOKafkaConsumer, ConsumerRebalanceListener, TopicPartition

from spincore.batches import Batch, BatchSink, Span


class FromSink(ConsumerRebalanceListener):  # type: ignore[misc]
    """On assignment, each partition starts where the sink stands (else at the commit)."""

    def __init__(self, consumer: AIOKafkaConsumer, sink: BatchSink) -> None:
        self.kafka = consumer
        self.sink = sink

    async def on_partitions_revoked(self, revoked: Collection[TopicPartition]) -> None:
        pass

    async def on_partitions_assigned(self, assigned: Collection[TopicPartition]) -> None:
        for tp, offset in (await self.sink.positions(assigned)).items():
            self.kafka.seek(tp, offset)


async def positions(consumer: AIOKafkaConsumer) -> dict[TopicPartition, int]:
    return {tp: await consumer.position(tp) for tp in consumer.assignment()}


def firsts(batch: Batch) -> dict[TopicPartition, int]:
    return {tp: span.first for tp, span in batch.spans.items()}


def seek_within(consumer: AIOKafkaConsumer, offsets: Mapping[TopicPartition, int]) -> None:
    mine = consumer.assignment()
    for tp, offset in offsets.items():
        if tp in mine:  # else its new owner starts where the sink stands
            consumer.seek(tp, offset)


async def reached(consumer: AIOKafkaConsumer, ends: Mapping[TopicPartition, int]) -> bool:
    for tp, end in ends.items():
        if await consumer.position(tp) < end:
            return False
    return True


def at_ends(ends: Mapping[TopicPartition, int]) -> dict[TopicPartition, Span]:
    return {tp: Span(end, end) for tp, end in ends.items()}


async def all_partitions(
    consumer: AIOKafkaConsumer, topics: list[str], within_s: float = 30
) -> list[TopicPartition]:
    """Every partition of `topics`, once the consumer has the cluster's metadata."""
    deadline = time.monotonic() + within_s
    while {tp.topic for tp in consumer.assignment()} != set(topics):
        if time.monotonic() > deadline:
            raise TimeoutError(f"no partitions of {sorted(topics)}")
        await asyncio.sleep(0.05)
    return sorted(consumer.assignment())
