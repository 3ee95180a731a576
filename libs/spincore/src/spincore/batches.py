"""What a batching consumer hands its sink: one fetch of records as a `Batch`.

A batch holds the known events of the event topics (decoded), the raw records of the raw
topics (the dead-letter topic carries no events), the records nobody can read, and for each
partition the span of offsets it covers, skipped records included: the sink stores the spans
with the batch's writes, so it always knows the next offset it expects.
"""

from __future__ import annotations

import asyncio
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import NamedTuple, Protocol

from aiokafka import ConsumerRecord, TopicPartition
from spin_contracts.events.decoding import decode_all
from spin_contracts.events.envelope import Envelope, Event, UnknownEventError

DECODE_SLICE = 250  # records decoded at once, between turns of the loop


@dataclass(frozen=True)
class RawRecord:
    """A message as it sits on its topic (the dead-letter topic has no event ids)."""

    partition: int
    offset: int
    timestamp: datetime
    value: bytes


@dataclass(frozen=True)
class Span:
    """The offsets of one partition a batch covers: from `first` up to `next` (exclusive)."""

    first: int
    next: int


@dataclass(frozen=True)
class Unreadable:
    """A record of an event topic that is no known event (type or version)."""

    topic: str
    value: bytes
    reason: str


class Entry(NamedTuple):  # a tuple: made thousands of times a batch, cheaply
    partition: TopicPartition
    offset: int
    event: tuple[Envelope, Event] | None = None
    raw: RawRecord | None = None


@dataclass
class Batch:
    entries: list[Entry] = field(default_factory=list)
    spans: dict[TopicPartition, Span] = field(default_factory=dict)
    unreadable: list[Unreadable] = field(default_factory=list)
    prepared: object = None  # what the sink's `prepare` made of it, for its `write`

    @property
    def events(self) -> list[tuple[Envelope, Event]]:
        return [e.event for e in self.entries if e.event is not None]

    @property
    def raw(self) -> list[RawRecord]:
        return [e.raw for e in self.entries if e.raw is not None]

    def extend(self, later: Batch) -> None:
        """Add `later`, a batch of the records after this one's (of the same fetch)."""
        self.entries.extend(later.entries)
        self.unreadable.extend(later.unreadable)
        for tp, span in later.spans.items():
            before = self.spans.get(tp)
            self.spans[tp] = Span(before.first, span.next) if before else span

    def one_by_one(self) -> Iterator[Batch]:
        """The same records a batch of one entry at a time, spans without gaps between them,
        then one without entries for any records after the last: to find a poisoned event."""
        starts = {tp: span.first for tp, span in self.spans.items()}
        for entry in self.entries:
            tp = entry.partition
            yield Batch([entry], {tp: Span(starts[tp], entry.offset + 1)})
            starts[tp] = entry.offset + 1
        rest = {tp: Span(first, self.spans[tp].next) for tp, first in starts.items()}
        if tail := {tp: span for tp, span in rest.items() if span.first < span.next}:
            yield Batch([], tail)


class BatchSink(Protocol):
    """Where batches go: one transaction a batch, the spans stored with its writes."""

    async def positions(self, partitions: Collection[TopicPartition]) -> dict[TopicPartition, int]:
        """The next offset the sink expects per partition (none stored: absent)."""

    async def prepare(self, batch: Batch) -> None:
        """Do what needs no database for `batch` (kept in `batch.prepared`) while the batch
        before it is written. Never raises: `write` prepares a batch left unprepared itself,
        where its failures meet the consumer's policy."""

    async def write(self, batch: Batch) -> dict[TopicPartition, int]:
        """Write `batch`; or, where the sink stands before a span's first offset (records
        would be missing), write nothing and return where it stands."""


Fetched = Mapping[TopicPartition, Sequence[ConsumerRecord[bytes, bytes]]]


def batch_of(
    fetched: Fetched,
    accepts: Mapping[str, frozenset[str]],
    ends: Mapping[TopicPartition, int] | None = None,
    starts: Mapping[TopicPartition, int] | None = None,
) -> Batch:
    """A batch of `fetched`: events of the `accepts` types of the event topics (its keys),
    raw records of the others; beyond `ends` (a replay's end offsets) nothing. A span starts
    where the consumer stood (`starts`), which may be before its first record: transactional
    producers leave commit markers, offsets that hold no record."""
    batch = Batch()
    for tp, records in fetched.items():
        end = ends.get(tp, 0) if ends is not None else None
        kept = [r for r in records if end is None or r.offset < end]
        if not kept:
            continue
        first = min(kept[0].offset, (starts or {}).get(tp, kept[0].offset))
        batch.spans[tp] = Span(first, kept[-1].offset + 1)
        types = accepts.get(tp.topic)
        if types is None:
            batch.entries.extend(_raw(tp, record) for record in kept)
        else:
            _add_events(batch, tp, kept, types)
    return batch


async def batch_in_slices(
    fetched: Fetched,
    accepts: Mapping[str, frozenset[str]],
    ends: Mapping[TopicPartition, int] | None = None,
    starts: Mapping[TopicPartition, int] | None = None,
) -> Batch:
    """`batch_of(fetched, ...)`, decoded a slice at a time: between slices the loop serves
    the batch being written, whose next statement waits for the loop (else PostgreSQL would
    wait for the whole batch's decoding at each of them)."""
    batch = Batch()
    for tp, records in fetched.items():
        for at in range(0, len(records), DECODE_SLICE):
            part = {tp: records[at : at + DECODE_SLICE]}
            batch.extend(batch_of(part, accepts, ends, starts if at == 0 else None))
            await asyncio.sleep(0)
    return batch


def reach(
    batch: Batch,
    starts: Mapping[TopicPartition, int],
    after: Mapping[TopicPartition, int],
    ends: Mapping[TopicPartition, int] | None = None,
) -> None:
    """Stretch `batch`'s spans to where the consumer stands after its fetch (`after`; in a
    replay, never past `ends`): past the commit markers and aborted records that follow a
    partition's last record, or that were all a fetch met. The sink then stores the offset
    the next fetch starts at, rather than refusing that batch as beyond a gap."""
    for tp, stands in after.items():
        reached = min(stands, ends.get(tp, 0)) if ends is not None else stands
        span = batch.spans.get(tp)
        first = span.first if span else starts.get(tp, reached)
        if reached > (span.next if span else first):
            batch.spans[tp] = Span(first, reached)


def _raw(tp: TopicPartition, record: ConsumerRecord[bytes, bytes]) -> Entry:
    at = datetime.fromtimestamp(record.timestamp / 1000, UTC)
    raw = RawRecord(tp.partition, record.offset, at, record.value or b"")
    return Entry(tp, record.offset, raw=raw)


def _add_events(
    batch: Batch,
    tp: TopicPartition,
    records: Sequence[ConsumerRecord[bytes, bytes]],
    types: frozenset[str],
) -> None:
    """The records' events of `types`, decoded together; the unknown ones as unreadable."""
    values = [record.value or b"" for record in records]
    for record, value, decoded in zip(records, values, decode_all(values), strict=True):
        if isinstance(decoded, UnknownEventError):
            batch.unreadable.append(Unreadable(tp.topic, value, str(decoded)))
        elif decoded[0].event_type in types:
            batch.entries.append(Entry(tp, record.offset, event=decoded))
