"""The batching consumer over several partitions: when the sink refuses a batch because it
stands before one partition's span, nothing of that batch is lost on the other partitions,
even on one the sink has never stored a position for (a new topic's first records); and the
spans cover every offset the consumer moved past, commit markers at the end included."""

from __future__ import annotations

import asyncio
from collections.abc import Collection, Mapping, Sequence
from typing import Any, cast

from aiokafka import ConsumerRecord, TopicPartition
from spincore.batches import Batch

from tests.unit.spincore.test_batch_consumer import PLANNER, closed, consumer, live

OLD, NEW = TopicPartition(PLANNER, 0), TopicPartition(PLANNER, 1)


class Kafka:
    """aiokafka's consumer as the batching consumer uses it, over several partitions. Like
    aiokafka, a fetch that returns fewer records than asked also moves past the commit
    markers (None) after its last record."""

    def __init__(self, values: Mapping[TopicPartition, Sequence[bytes | None]]) -> None:
        self.values = values
        self.at = dict.fromkeys(values, 0)
        self.commits: list[dict[TopicPartition, int]] = []

    async def getmany(self, *, timeout_ms: int, max_records: int) -> dict[TopicPartition, Any]:
        fetched: dict[TopicPartition, list[ConsumerRecord[bytes, bytes]]] = {}
        for tp, values in self.values.items():
            records = fetched.setdefault(tp, [])
            while self.at[tp] < len(values) and len(records) < max_records:
                if (value := values[self.at[tp]]) is not None:
                    records.append(
                        ConsumerRecord(
                            tp.topic,
                            tp.partition,
                            self.at[tp],
                            0,
                            0,
                            None,
                            value,
                            None,
                            0,
                            len(value),
                            (),
                        )
                    )
                self.at[tp] += 1
        fetched = {tp: records for tp, records in fetched.items() if records}
        if not fetched:
            await asyncio.sleep(timeout_ms / 1000)
        return fetched

    async def commit(self, offsets: dict[TopicPartition, int]) -> None:
        self.commits.append(dict(offsets))

    def seek(self, tp: TopicPartition, offset: int) -> None:
        self.at[tp] = offset

    def assignment(self) -> set[TopicPartition]:
        return set(self.values)

    async def position(self, tp: TopicPartition) -> int:
        return self.at[tp]


class Sink:
    """A read model that stores a position for the partitions it has written."""

    def __init__(self, stands_at: dict[TopicPartition, int] | None = None) -> None:
        self.stands_at = stands_at if stands_at is not None else {}
        self.events: dict[TopicPartition, set[int]] = {}
        self.refused = 0

    async def positions(self, parts: Collection[TopicPartition]) -> dict[TopicPartition, int]:
        return {tp: at for tp, at in self.stands_at.items() if tp in parts}

    async def prepare(self, batch: Batch) -> None:
        pass

    async def write(self, batch: Batch) -> dict[TopicPartition, int]:
        stored = {tp: self.stands_at[tp] for tp in batch.spans if tp in self.stands_at}
        if behind := {tp: at for tp, at in stored.items() if at < batch.spans[tp].first}:
            self.refused += 1
            return behind
        for entry in batch.entries:
            self.events.setdefault(entry.partition, set()).add(entry.offset)
        for tp, span in batch.spans.items():
            self.stands_at[tp] = max(self.stands_at.get(tp, 0), span.next)
        return {}


async def test_a_refused_batch_loses_nothing_on_a_partition_never_stored() -> None:
    """The sink stands before OLD's span, so it refuses the batch that also holds NEW's first
    records; NEW has no stored position to catch the gap later: it must be read again."""
    kafka = Kafka({OLD: [closed(n) for n in range(8)], NEW: [closed(10), closed(11)]})
    kafka.at[OLD] = 6  # ahead of a model that stands at 2
    sink = Sink({OLD: 2})
    made = consumer(cast("Any", sink))
    await live(made, cast("Any", kafka), lambda: sink.stands_at == {OLD: 8, NEW: 2})
    assert sink.events == {OLD: set(range(2, 8)), NEW: {0, 1}}


async def test_the_spans_reach_past_the_markers_after_the_last_record() -> None:
    """A transaction's commit marker after a partition's last record: the sink stores the
    offset after it, so the next batch is not refused and read again."""
    kafka = Kafka({OLD: [closed(0), closed(1), None], NEW: [closed(5), None, None]})
    sink = Sink()
    made = consumer(cast("Any", sink))
    await live(made, cast("Any", kafka), lambda: sink.stands_at == {OLD: 3, NEW: 3})
    assert sink.events == {OLD: {0, 1}, NEW: {0}}
    assert sink.refused == 0
    assert kafka.commits[-1] == {OLD: 3, NEW: 3}
