"""The portal's read model as the sink of one batching consumer (`spincore.batch_consumer`):
live, a consumer group on the fact topics and the dead-letter topic; `rebuild` runs the same
consumer as a replay into a fresh schema. Each batch is one transaction: its facts, its dead
letters and the positions it reaches; the refresher then recomputes the dirty cases."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from aiokafka import TopicPartition
from pydantic import ValidationError
from spin_contracts.topics import Topic
from spincore.batch_consumer import BatchConsumer, SendDeadLetter
from spincore.batches import Batch, RawRecord, Span
from spincore.kafka import DeadLetter
from spincore.settings import ServiceSettings
from sqlalchemy import func, select, tuple_
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from spin_portal.adapters.position_tables import POSITIONS
from spin_portal.adapters.projection import (
    ACCEPTED,
    CONSUMER,
    Projected,
    apply_projected,
    projected,
    projected_in_slices,
)
from spin_portal.adapters.refresher import IndicatorRefresher
from spin_portal.adapters.tables import DEAD_LETTERS

FACT_TOPICS = (Topic.DIRECTORY, Topic.PLANNER, Topic.CONSENT, Topic.FOOTAGE)


@dataclass
class ReadModel:
    """The `BatchSink` of the projection: the schema its engine's search_path names first."""

    engine: AsyncEngine
    refresher: IndicatorRefresher | None = None  # None: a rebuild drains its own at the end

    async def positions(self, partitions: Collection[TopicPartition]) -> dict[TopicPartition, int]:
        async with self.engine.connect() as conn:
            return await stored_positions(conn, partitions)

    async def prepare(self, batch: Batch) -> None:
        """The batch's rows: they need no database, so before its transaction."""
        try:
            batch.prepared = await projected_in_slices(batch.events)
        except Exception:  # noqa: BLE001 - `write` projects it again, under the retry policy
            batch.prepared = None

    async def write(self, batch: Batch) -> dict[TopicPartition, int]:
        prepared = batch.prepared
        events = prepared if isinstance(prepared, Projected) else projected(batch.events)
        async with self.engine.begin() as conn:
            stored = await stored_positions(conn, batch.spans, lock=True)
            behind = {tp: at for tp, at in stored.items() if at < batch.spans[tp].first}
            if behind:
                return behind
            if events.events:
                await apply_projected(conn, events)
            if raw := batch.raw:
                rows = [dead_letter_row(record) for record in raw]
                await conn.execute(pg_insert(DEAD_LETTERS).values(rows).on_conflict_do_nothing())
            await store_positions(conn, batch.spans)
        if self.refresher is not None:
            self.refresher.wake()
        return {}


async def stored_positions(
    conn: AsyncConnection, partitions: Collection[TopicPartition], *, lock: bool = False
) -> dict[TopicPartition, int]:
    """The next offset the read model expects per partition; `lock`: until the commit."""
    if not partitions:
        return {}
    keys = [(tp.topic, tp.partition) for tp in partitions]
    query = (
        select(POSITIONS)
        .where(tuple_(POSITIONS.c.topic, POSITIONS.c.partition).in_(keys))
        .order_by(POSITIONS.c.topic, POSITIONS.c.partition)
    )
    rows = await conn.execute(query.with_for_update() if lock else query)
    return {TopicPartition(r.topic, r.partition): r.next_offset for r in rows}


async def store_positions(conn: AsyncConnection, spans: Mapping[TopicPartition, Span]) -> None:
    if not spans:
        return
    rows = [
        {"topic": tp.topic, "partition": tp.partition, "next_offset": span.next}
        for tp, span in sorted(spans.items())
    ]
    statement = pg_insert(POSITIONS).values(rows)
    await conn.execute(
        statement.on_conflict_do_update(
            index_elements=[POSITIONS.c.topic, POSITIONS.c.partition],
            # Never back: a batch read again after a rebalance ends where the model stands.
            set_={
                "next_offset": func.greatest(
                    POSITIONS.c.next_offset, statement.excluded.next_offset
                )
            },
        )
    )


def projection(
    settings: ServiceSettings,
    model: ReadModel,
    max_batch: int,
    send_dead_letter: SendDeadLetter | None = None,
) -> BatchConsumer:
    """The consumer that feeds `model`: live with `send_dead_letter`, else a replay."""
    consumer = BatchConsumer(
        settings, CONSUMER, model, max_batch=max_batch, send_dead_letter=send_dead_letter
    )
    for topic in FACT_TOPICS:
        consumer.subscribe(topic, accepts=ACCEPTED)
    consumer.subscribe_raw(Topic.DEAD_LETTER)
    return consumer


def dead_letter_row(record: RawRecord) -> dict[str, Any]:
    """What the pipeline-health page shows of one dead letter (unreadable ones too)."""
    row: dict[str, Any] = {
        "partition": record.partition,
        "offset": record.offset,
        "received_at": record.timestamp,
        "source_topic": None,
        "consumer": None,
        "reason": "the dead letter itself is unreadable",
        "event_type": None,
        "institute_id": None,
        "agency_id": None,
        "attempts": None,
    }
    with contextlib.suppress(ValidationError):
        letter = DeadLetter.model_validate_json(record.value)
        row |= {
            "source_topic": letter.source_topic,
            "consumer": letter.consumer,
            "reason": letter.reason[:2000],
            "attempts": letter.attempts,
        }
        with contextlib.suppress(ValueError, AttributeError):
            payload = json.loads(letter.payload)
            tenant = payload.get("tenant") or {}
            row |= {
                "event_type": str(payload.get("event_type"))[:80],
                "institute_id": tenant.get("institute_id"),
                "agency_id": tenant.get("agency_id"),
            }
    return row
