"""A batching aiokafka consumer: one way to feed a read model, live and in a replay.

Each fetch (up to `max_batch` records) is one `Batch`, decoded and prepared by the sink while
the one before is written, then written in one transaction with its offset spans (in order).
Live (`running`), a group member seeks on assignment to the sink's positions and commits the
group's offsets only after the sink's transaction (at-least-once; the sink dedupes by event
id). A replay (`replay`) reads every partition from the beginning to its end offsets at the
start. A batch's spans reach as far as the consumer moved (past commit markers), so the sink
stores the offset the next fetch starts at. When the sink stands before a batch (another
writer, a rebuilt model that ends earlier), it writes none of it: the consumer reads the whole
batch again, each partition from where the sink stands or the batch began, so nothing is lost
(also on a partition the sink has no position for yet).

Failure policy, as `spincore.streams.EventPolicy`: unknown events go to the dead-letter topic
(live; a replay counts them); a batch that keeps failing is written one record at a time and a
record that keeps failing is dead-lettered; when Kafka or the sink is away, it is read again.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Collection, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, TopicPartition
from spin_contracts.topics import Topic, topic_name

from spincore.batch_positions import (
    FromSink,
    all_partitions,
    at_ends,
    firsts,
    positions,
    reached,
    seek_within,
)
from spincore.batches import Batch, BatchSink, Entry, batch_in_slices, reach
from spincore.kafka import dead_letter_value
from spincore.lifespan import alongside
from spincore.logging import get_logger
from spincore.safe_errors import describe
from spincore.settings import ServiceSettings

log = get_logger(__name__)
FETCH_WAIT_MS = 200
RETRY_AFTER_S = 1.0
REALIGN_S = 1.0
SendDeadLetter = Callable[[str, bytes, bytes], Awaitable[None]]  # topic, key, value


@dataclass
class Counts:
    """What a consumer has read: events handed on, unreadable records, raw records."""

    events: int = 0
    unreadable: int = 0
    raw: int = 0


class BatchConsumer:
    """Topics into one sink, a batch at a time, through the consumer group `consumer`."""

    def __init__(
        self,
        settings: ServiceSettings,
        consumer: str,
        sink: BatchSink,
        *,
        max_batch: int = 2000,
        send_dead_letter: SendDeadLetter | None = None,  # None: a replay, count them only
        attempts: int = 3,
        first_backoff_s: float = 0.5,
    ) -> None:
        self.settings = settings
        self.consumer = consumer
        self.sink = sink
        self.max_batch = max_batch
        self.send_dead_letter = send_dead_letter
        self.attempts = attempts
        self.first_backoff_s = first_backoff_s
        self.accepts: dict[str, frozenset[str]] = {}
        self.raw_topics: list[str] = []
        self.counts = Counts()
        self._realigned_at = 0.0

    def subscribe(self, topic: Topic, *, accepts: Collection[str]) -> None:
        """Hand on the events of the `accepts` types on `topic`."""
        self.accepts[topic_name(topic, self.settings.topic_prefix)] = frozenset(accepts)

    def subscribe_raw(self, topic: Topic) -> None:
        """Hand on the raw records of `topic` with their positions (the dead-letter topic)."""
        self.raw_topics.append(topic_name(topic, self.settings.topic_prefix))

    @property
    def topics(self) -> list[str]:
        return [*self.accepts, *self.raw_topics]

    def _kafka(self, group_id: str | None) -> AIOKafkaConsumer:
        return AIOKafkaConsumer(
            **self.settings.kafka.client_options(),
            group_id=group_id,
            client_id=f"{self.settings.service_name}-{self.consumer}",
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            max_partition_fetch_bytes=8 * 1024 * 1024,
            isolation_level="read_committed",  # not the records of an aborted relay run
        )

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Consume as a group member for the life of the block (a lifespan part)."""
        consumer = self._kafka(f"{self.settings.topic_prefix}{self.consumer}")
        consumer.subscribe(self.topics, listener=FromSink(consumer, self.sink))
        await consumer.start()
        try:
            async with alongside(self._consume(consumer, None)):
                yield
        finally:
            await consumer.stop()

    async def replay(self) -> Counts:
        """Every record from the beginning to the end offsets of now, into the sink; then
        the sink stands at those ends in every partition (empty ones too)."""
        consumer = self._kafka(None)
        consumer.subscribe(self.topics)  # without a group: every partition, once known
        await consumer.start()
        try:
            partitions = await all_partitions(consumer, self.topics)
            await consumer.seek_to_beginning(*partitions)
            ends: dict[TopicPartition, int] = await consumer.end_offsets(partitions)
            await self._consume(consumer, ends)
            await self._write(consumer, Batch(spans=at_ends(ends)), commit=False)
        finally:
            await consumer.stop()
        return self.counts

    async def _consume(
        self, consumer: AIOKafkaConsumer, ends: Mapping[TopicPartition, int] | None
    ) -> None:
        """Fetch, decode, prepare a batch while the sink writes the last (one in flight)."""
        pending: tuple[Batch, asyncio.Task[dict[TopicPartition, int]]] | None = None
        while True:
            if ends is not None and await reached(consumer, ends):
                if pending is None:
                    return
                batch = Batch()
            else:
                starts = await positions(consumer)
                fetched = await consumer.getmany(
                    timeout_ms=FETCH_WAIT_MS, max_records=self.max_batch
                )
                batch = await batch_in_slices(fetched, self.accepts, ends, starts)
                reach(batch, starts, await positions(consumer), ends)
                await self.sink.prepare(batch)
                if not batch.spans and pending is None and ends is None:
                    await self._realign(consumer)
                    continue
            if pending is not None:
                again = await self._outcome(*pending)
                pending = None
                if again:  # the sink wrote nothing of it: read it again, and this one after it
                    seek_within(consumer, firsts(batch) | again)
                    continue
            if batch.spans:
                task = asyncio.create_task(self._write(consumer, batch, commit=ends is None))
                pending = (batch, task)

    async def _realign(self, consumer: AIOKafkaConsumer) -> None:
        """Idle: back to where the sink stands if before us (a rebuilt model switched in),
        at most once every `REALIGN_S`."""
        now = time.monotonic()
        if now - self._realigned_at < REALIGN_S:
            return
        self._realigned_at = now
        try:
            stored = await self.sink.positions(consumer.assignment())
            for tp, offset in stored.items():
                if offset < await consumer.position(tp):
                    consumer.seek(tp, offset)
        except Exception as error:  # noqa: BLE001 - the sink is away: the next idle fetch
            log.warning("realign_failed", consumer=self.consumer, error=describe(error))

    async def _outcome(
        self, batch: Batch, task: asyncio.Task[dict[TopicPartition, int]]
    ) -> dict[TopicPartition, int]:
        """Where to read again, if the sink did not write `batch`: all of its partitions from
        its start (a partition the sink has no position for would never be read again), and
        where the sink stands before that, if it does."""
        try:
            if behind := await task:
                return firsts(batch) | behind
            return {}
        except Exception as error:  # noqa: BLE001 - Kafka or the sink is away: read it again
            log.warning("batch_retrying", consumer=self.consumer, error=describe(error))
            await asyncio.sleep(RETRY_AFTER_S)
            return firsts(batch)

    async def _write(
        self, consumer: AIOKafkaConsumer, batch: Batch, *, commit: bool
    ) -> dict[TopicPartition, int]:
        await self._dead_letter_unreadable(batch)
        behind = await self._write_with_retries(batch)
        if behind:
            return behind
        self.counts.events += sum(e.event is not None for e in batch.entries)
        self.counts.raw += sum(e.raw is not None for e in batch.entries)
        self.counts.unreadable += len(batch.unreadable)
        if commit:
            await self._commit(consumer, batch)
        return {}

    async def _dead_letter_unreadable(self, batch: Batch) -> None:
        if self.send_dead_letter is None:
            return
        for record in batch.unreadable:
            await self._send(record.value, record.topic, record.reason)

    async def _send(self, raw: bytes, source: str, reason: str, attempts: int = 1) -> None:
        if self.send_dead_letter is None:  # a replay: dead-lettered when first read
            return
        log.warning("dead_letter", source_topic=source, consumer=self.consumer, reason=reason)
        value = dead_letter_value(raw, source, self.consumer, reason, attempts)
        dead_letters = topic_name(Topic.DEAD_LETTER, self.settings.topic_prefix)
        await self.send_dead_letter(dead_letters, source.encode(), value)

    async def _write_with_retries(self, batch: Batch) -> dict[TopicPartition, int]:
        for attempt in range(1, self.attempts + 1):
            try:
                return await self.sink.write(batch)
            except Exception as error:
                log.warning(
                    "batch_failed", size=len(batch.entries), attempt=attempt, error=describe(error)
                )
                if attempt == self.attempts and self.send_dead_letter is None:
                    raise  # a replay dead-letters nothing: it reads the batch again
                await asyncio.sleep(self.first_backoff_s * attempt)
        for single in batch.one_by_one():
            if behind := await self._write_single(single):
                return behind
        return {}

    async def _write_single(self, single: Batch) -> dict[TopicPartition, int]:
        """Write a batch of at most one entry; if it keeps failing, dead-letter the entry
        and write its span alone (the sink moves past it)."""
        for attempt in range(1, self.attempts + 1):
            try:
                return await self.sink.write(single)
            except Exception as error:
                if attempt < self.attempts:
                    await asyncio.sleep(self.first_backoff_s * 2 ** (attempt - 1))
                    continue
                if not single.entries:
                    raise
                await self._give_up(single.entries[0], describe(error))
                return await self.sink.write(Batch(spans=single.spans))
        return {}

    async def _give_up(self, entry: Entry, reason: str) -> None:
        raw = entry.raw.value if entry.raw else entry.event[0].to_bytes() if entry.event else b""
        await self._send(raw, entry.partition.topic, reason, self.attempts)

    async def _commit(self, consumer: AIOKafkaConsumer, batch: Batch) -> None:
        """The group's offsets (its lag for operators); the sink holds the truth."""
        mine = consumer.assignment()
        offsets = {tp: span.next for tp, span in batch.spans.items() if tp in mine}
        try:
            if offsets:
                await consumer.commit(offsets)
        except Exception as error:  # noqa: BLE001 - the next batch commits further
            log.warning("commit_failed", consumer=self.consumer, error=describe(error))
