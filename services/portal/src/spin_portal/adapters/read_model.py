"""The portal's read model: Faust agents feed it, the refresher keeps indicators current,
and `rebuild` replays every topic from the beginning into an emptied schema."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import faust
from aiokafka import AIOKafkaConsumer
from pydantic import ValidationError
from spin_contracts.events.envelope import Envelope, Event, UnknownEventError, decode
from spin_contracts.topics import Topic, topic_name
from spincore.batching import BatchingStreamConsumer, RawRecord, batching_app
from spincore.kafka import DeadLetter
from spincore.settings import ServiceSettings
from sqlalchemy import delete, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncEngine

from spin_portal.adapters.projection import ACCEPTED, CONSUMER, apply_batch
from spin_portal.adapters.refresher import IndicatorRefresher
from spin_portal.adapters.tables import DEAD_LETTERS, PROCESSED_EVENTS, READ_MODEL

FACT_TOPICS = (Topic.DIRECTORY, Topic.PLANNER, Topic.CONSENT, Topic.FOOTAGE)


@dataclass
class ReadModel:
    engine: AsyncEngine
    refresher: IndicatorRefresher

    async def apply(self, batch: Sequence[tuple[Envelope, Event]]) -> None:
        async with self.engine.begin() as conn:
            await apply_batch(conn, batch)
        self.refresher.wake()

    async def record_dead_letters(self, records: Sequence[RawRecord]) -> None:
        rows = [dead_letter_row(record) for record in records]
        async with self.engine.begin() as conn:
            await conn.execute(pg_insert(DEAD_LETTERS).values(rows).on_conflict_do_nothing())


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


def stream_app(settings: ServiceSettings, read_model: ReadModel, max_batch: int) -> faust.App:
    """The portal's Faust app: one batching agent per topic it projects, plus dead letters."""
    app = batching_app(settings, "portal-read-model", max_batch)
    consumer = BatchingStreamConsumer(app, settings, CONSUMER)
    for topic in FACT_TOPICS:
        consumer.subscribe_batches(topic, read_model.apply, accepts=ACCEPTED, max_batch=max_batch)
    consumer.subscribe_raw(Topic.DEAD_LETTER, read_model.record_dead_letters)
    return app


@dataclass(frozen=True)
class RebuildReport:
    events: int
    skipped: int
    dead_letters: int
    cases: int
    seconds: float
    replay_seconds: float  # until the fact topics' events were written (before indicators)


async def rebuild(
    settings: ServiceSettings, engine: AsyncEngine, batch_size: int = 5000
) -> RebuildReport:
    """Empty the read model and replay every topic from its beginning up to its current end."""
    started = time.perf_counter()
    async with engine.begin() as conn:
        tables = ", ".join(f'"{t.name}"' for t in READ_MODEL)
        await conn.execute(text(f"TRUNCATE {tables}"))
        await conn.execute(delete(PROCESSED_EVENTS).where(PROCESSED_EVENTS.c.consumer == CONSUMER))
    refresher = IndicatorRefresher(engine, batch_size=batch_size)
    model = ReadModel(engine, refresher)
    events = skipped = 0
    writing: asyncio.Task[None] | None = None
    for topic in FACT_TOPICS:
        async for raws in replay(settings, topic, batch_size):
            batch: list[tuple[Envelope, Event]] = []
            for raw in raws:
                try:
                    envelope, event = decode(raw.value)
                except UnknownEventError:
                    skipped += 1  # it went to the dead-letter topic when it was first read
                    continue
                if envelope.event_type in ACCEPTED:
                    batch.append((envelope, event))
            events += len(batch)
            # PostgreSQL writes one batch while this process reads and decodes the next.
            if writing is not None:
                await writing
            writing = asyncio.create_task(model.apply(batch)) if batch else None
    if writing is not None:
        await writing
    replayed = time.perf_counter()
    dead = 0
    async for raws in replay(settings, Topic.DEAD_LETTER, batch_size):
        await model.record_dead_letters(raws)
        dead += len(raws)
    cases = await refresher.drain()
    finished = time.perf_counter()
    return RebuildReport(events, skipped, dead, cases, finished - started, replayed - started)


async def replay(
    settings: ServiceSettings, topic: Topic, batch_size: int
) -> AsyncIterator[list[RawRecord]]:
    """Every message of `topic` from the beginning to the end it had when replay started."""
    name = topic_name(topic, settings.topic_prefix)
    consumer = AIOKafkaConsumer(
        name,
        **settings.kafka.client_options(),
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        max_partition_fetch_bytes=8 * 1024 * 1024,
    )
    await consumer.start()
    try:
        partitions = list(consumer.assignment())
        await consumer.seek_to_beginning(*partitions)
        ends = {tp: o for tp, o in (await consumer.end_offsets(partitions)).items() if o > 0}
        records: list[RawRecord] = []
        while ends:
            fetched = await consumer.getmany(*ends, timeout_ms=1000, max_records=batch_size)
            for tp, messages in fetched.items():
                end = ends.get(tp, 0)
                records.extend(
                    RawRecord(m.partition, m.offset, _at(m.timestamp), m.value)
                    for m in messages
                    if m.offset < end
                )
            for tp in list(ends):
                # By position, not the last message's offset: a transaction's commit marker
                # (the outbox relay's) takes the last offset but is no message.
                if await consumer.position(tp) >= ends[tp]:
                    ends.pop(tp)
            if len(records) >= batch_size or (records and not ends):
                yield records
                records = []
    finally:
        await consumer.stop()


def _at(timestamp_ms: int) -> datetime:
    return datetime.fromtimestamp(timestamp_ms / 1000, UTC)
