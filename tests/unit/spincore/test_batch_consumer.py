"""The batching consumer's bookkeeping on fakes: offsets are committed only after the sink
wrote the batch, a sink that stands elsewhere moves the reading, a failing batch is read
again, and a poisoned event goes to the dead-letter topic alone."""

from __future__ import annotations

import asyncio
from collections.abc import Collection, Sequence
from datetime import UTC, date, datetime
from typing import Any, cast
from uuid import UUID

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from spin_contracts.events import planner
from spin_contracts.events.envelope import Envelope, Tenant
from spin_contracts.topics import Topic, topic_name
from spincore import batch_consumer, batches
from spincore.batch_consumer import BatchConsumer
from spincore.batches import Batch, Span, batch_of
from spincore.settings import ServiceSettings

SETTINGS = ServiceSettings(service_name="tests", topic_prefix="u.")
PLANNER = topic_name(Topic.PLANNER, "u.")
TP = TopicPartition(PLANNER, 0)
ACCEPTED = {planner.CaseClosed.event_type}


def closed(n: int) -> bytes:
    event = planner.CaseClosed(
        case_code=f"C{n:06d}", case_id=UUID(int=n + 1), closed_on=date(2026, 1, 1), reason="done"
    )
    tenant = Tenant(institute_id="inst-1", agency_id="agency-1")
    return Envelope.wrap(event, producer="planner", tenant=tenant).to_bytes()


class FakeKafka:
    """The part of aiokafka's consumer the batching consumer uses, over one partition."""

    def __init__(self, values: Sequence[bytes | None]) -> None:  # None: a commit marker
        self.values = values
        self.at = 0
        self.commits: list[dict[TopicPartition, int]] = []

    async def getmany(self, *, timeout_ms: int, max_records: int) -> dict[TopicPartition, Any]:
        chunk = self.values[self.at : self.at + max_records]
        if not chunk:
            await asyncio.sleep(timeout_ms / 1000)
            return {}
        first, self.at = self.at, self.at + len(chunk)
        now = int(datetime.now(UTC).timestamp() * 1000)
        records = [
            ConsumerRecord(PLANNER, 0, first + i, now, 0, None, v, None, 0, len(v), ())
            for i, v in enumerate(chunk)
            if v is not None
        ]
        return {TP: records}

    async def commit(self, offsets: dict[TopicPartition, int]) -> None:
        self.commits.append(dict(offsets))

    def seek(self, _tp: TopicPartition, offset: int) -> None:
        self.at = offset

    def assignment(self) -> set[TopicPartition]:
        return {TP}

    async def position(self, _tp: TopicPartition) -> int:
        return self.at


class FakeSink:
    def __init__(self, fail: int = 0, stands_at: int | None = None) -> None:
        self.fail = fail  # how many writes raise first
        self.stands_at = stands_at
        self.written: list[Batch] = []

    async def positions(self, _partitions: Collection[TopicPartition]) -> dict[TopicPartition, int]:
        return {TP: self.stands_at} if self.stands_at is not None else {}

    async def prepare(self, batch: Batch) -> None:
        batch.prepared = len(batch.entries)

    async def write(self, batch: Batch) -> dict[TopicPartition, int]:
        assert batch.prepared in (None, len(batch.entries))
        if self.fail:
            self.fail -= 1
            raise RuntimeError("PostgreSQL is away")
        span = batch.spans.get(TP)
        if span and self.stands_at is not None and self.stands_at < span.first:
            return {TP: self.stands_at}
        self.written.append(batch)
        if span:
            self.stands_at = max(self.stands_at or 0, span.next)
        return {}


def consumer(sink: FakeSink, letters: list[bytes] | None = None) -> BatchConsumer:
    async def send(topic: str, key: bytes, value: bytes) -> None:
        assert letters is not None
        letters.append(value)

    made = BatchConsumer(
        SETTINGS,
        "tests",
        sink,
        max_batch=4,
        send_dead_letter=send if letters is not None else None,
        first_backoff_s=0,
    )
    made.subscribe(Topic.PLANNER, accepts=ACCEPTED)
    return made


async def live(made: BatchConsumer, kafka: FakeKafka, until: Any) -> None:
    task = asyncio.create_task(made._consume(cast("AIOKafkaConsumer", kafka), None))
    for _ in range(200):
        if until():
            break
        await asyncio.sleep(0.01)
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)


async def test_commits_follow_the_writes() -> None:
    kafka, sink = FakeKafka([closed(n) for n in range(10)]), FakeSink()
    await live(consumer(sink), kafka, lambda: len(kafka.commits) == 3)
    assert [b.spans[TP] for b in sink.written] == [Span(0, 4), Span(4, 8), Span(8, 10)]
    assert kafka.commits == [{TP: 4}, {TP: 8}, {TP: 10}]
    assert sum(len(b.events) for b in sink.written) == 10


async def test_commit_markers_between_batches_leave_no_gap() -> None:
    """A transactional producer's commit marker holds an offset but no record: the batch after
    it starts where the consumer stood, so the sink is not taken to stand behind it."""
    values = [closed(0), closed(1), closed(2), closed(3), None, closed(5), closed(6)]
    kafka, sink = FakeKafka(values), FakeSink()
    await live(consumer(sink), kafka, lambda: sink.stands_at == 7)
    assert [b.spans[TP] for b in sink.written] == [Span(0, 4), Span(4, 7)]
    assert kafka.commits == [{TP: 4}, {TP: 7}]


async def test_a_failing_sink_commits_nothing_and_the_batch_is_read_again(monkeypatch: Any) -> None:
    monkeypatch.setattr(batch_consumer, "RETRY_AFTER_S", 0)
    kafka, sink = FakeKafka([closed(n) for n in range(3)]), FakeSink(fail=3)  # every attempt
    made = consumer(sink, letters=None)
    made.send_dead_letter = None  # a replay's policy: no dead letters, read it again
    await live(made, kafka, lambda: kafka.commits)
    assert kafka.commits == [{TP: 3}]
    assert [b.spans[TP] for b in sink.written] == [Span(0, 3)]


async def test_a_sink_that_stands_earlier_is_caught_up_from_its_position() -> None:
    kafka, sink = FakeKafka([closed(n) for n in range(8)]), FakeSink(stands_at=2)
    kafka.at = 6  # the consumer is ahead of a switched-in model that ends at 2
    await live(consumer(sink), kafka, lambda: sink.stands_at == 8)
    assert [b.spans[TP] for b in sink.written] == [Span(2, 6), Span(6, 8)]
    assert kafka.commits[-1] == {TP: 8}


async def test_an_idle_consumer_goes_back_to_a_sink_that_stands_earlier() -> None:
    kafka, sink = FakeKafka([closed(n) for n in range(4)]), FakeSink(stands_at=1)
    kafka.at = 4  # nothing new arrives: the idle check finds the gap
    await live(consumer(sink), kafka, lambda: sink.stands_at == 4)
    assert [b.spans[TP] for b in sink.written] == [Span(1, 4)]


async def test_unknown_and_poisoned_events_go_to_the_dead_letter_topic_alone() -> None:
    values = [closed(0), b"not an event", closed(2), closed(3)]
    letters: list[bytes] = []
    kafka, sink = FakeKafka(values), FakeSink(fail=3 + 3)  # the batch, then the first event
    await live(consumer(sink, letters), kafka, lambda: kafka.commits)
    assert b"not an event" in letters[0]
    assert b"C000000" in letters[1]
    assert len(letters) == 2
    assert kafka.commits == [{TP: 4}]
    written = [(b.spans[TP], len(b.events)) for b in sink.written]
    assert written == [(Span(0, 1), 0), (Span(1, 3), 1), (Span(3, 4), 1)]


def test_one_by_one_leaves_no_gap_between_spans() -> None:
    now = 0
    records = [
        ConsumerRecord(PLANNER, 0, 10 + i, now, 0, None, v, None, 0, len(v), ())
        for i, v in enumerate([b"x", closed(1), b"y", closed(3), b"z"])
    ]
    batch = batch_of({TP: records}, {PLANNER: frozenset(ACCEPTED)})
    assert batch.spans == {TP: Span(10, 15)}
    singles = [(b.spans.get(TP), len(b.entries)) for b in batch.one_by_one()]
    assert singles == [(Span(10, 12), 1), (Span(12, 14), 1), (Span(14, 15), 0)]


def test_a_batch_decoded_in_slices_is_the_batch_decoded_at_once(monkeypatch: Any) -> None:
    monkeypatch.setattr(batches, "DECODE_SLICE", 2)
    values = [b"x", closed(1), b"y", closed(3), b"z", closed(5), closed(6)]
    records = [
        ConsumerRecord(PLANNER, 0, 10 + i, 0, 0, None, v, None, 0, len(v), ())
        for i, v in enumerate(values)
    ]
    accepts = {PLANNER: frozenset(ACCEPTED)}
    ends, starts = {TP: 16}, {TP: 8}  # a commit marker before, a record past the end
    sliced = asyncio.run(batches.batch_in_slices({TP: records}, accepts, ends, starts))
    whole = batch_of({TP: records}, accepts, ends, starts)
    assert sliced.spans == whole.spans == {TP: Span(8, 16)}
    assert [e.offset for e in sliced.entries] == [e.offset for e in whole.entries] == [11, 13, 15]
    assert len(sliced.unreadable) == len(whole.unreadable) == 3
