"""Transactional outbox (state change and event commit together) and consumer dedupe."""

from __future__ import annotations

import asyncio
import contextlib
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from aiokafka import AIOKafkaProducer
from spin_contracts.events.envelope import Envelope, Event
from spin_contracts.topics import Topic, topic_name
from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Identity,
    Index,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    Row,
    Select,
    String,
    Table,
    Uuid,
    any_,
    bindparam,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession
from sqlalchemy.sql.dml import ReturningInsert
from sqlalchemy.sql.elements import BindParameter

from spincore.db.locks import LOCK_CLASS, lock_key
from spincore.logging import get_logger
from spincore.safe_errors import describe

log = get_logger(__name__)

# A row waiting to be published: (id, topic, key, payload).
Waiting = Row[int, str, bytes, bytes]

# One relay publishes at a time per schema, so events keep their order per key.
RELAY_LOCK = "outbox-relay"


def plumbing_tables(metadata: MetaData) -> tuple[Table, Table]:
    """Add the `outbox` and `processed_events` tables to a service's metadata."""
    outbox = Table(
        "outbox",
        metadata,
        Column("id", BigInteger, Identity(), primary_key=True),
        Column("event_id", Uuid, nullable=False, unique=True),
        Column("event_type", String(80), nullable=False),
        Column("topic", String(200), nullable=False),
        Column("key", LargeBinary, nullable=False),
        Column("payload", LargeBinary, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column("published_at", DateTime(timezone=True)),
        Index("outbox_unpublished", "id", postgresql_where=text("published_at IS NULL")),
    )
    processed = Table(
        "processed_events",
        metadata,
        Column("consumer", String(80), nullable=False),
        Column("event_id", Uuid, nullable=False),
        Column("processed_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        PrimaryKeyConstraint("consumer", "event_id"),
    )
    return outbox, processed


_outbox_metadata = MetaData()
OUTBOX, PROCESSED_EVENTS = plumbing_tables(_outbox_metadata)


_OUTBOX_VALUES = ("event_id", "event_type", "topic", "key", "payload")
_STAGE = insert(OUTBOX)  # built once: every state change runs it


def outbox_values(envelope: Envelope, event: Event, prefix: str = "") -> dict[str, Any]:
    """The outbox row that carries `envelope` to the topic of `event`."""
    return {
        "event_id": envelope.event_id,
        "event_type": envelope.event_type,
        "topic": topic_name(Topic(event.topic), prefix),
        "key": event.partition_key().encode(),
        "payload": envelope.to_bytes(),
    }


async def add_to_outbox(
    session: AsyncSession | AsyncConnection, envelope: Envelope, event: Event, prefix: str = ""
) -> None:
    """Stage an event in the caller's transaction; the relay publishes it after commit."""
    await session.execute(_STAGE, outbox_values(envelope, event, prefix))


@dataclass(frozen=True)
class Guard:
    """What must still hold when a guarded insert writes: `query` (built once, with bind
    parameters) must find a row, which it locks FOR SHARE until the statement ends."""

    query: Select[Any]
    params: dict[str, Any]


async def insert_with_event(
    conn: AsyncConnection,
    table: Table,
    values: dict[str, Any],
    envelope: Envelope,
    event: Event,
    prefix: str = "",
    guard: Guard | None = None,
) -> Row[Any] | None:
    """INSERT one row of `table` RETURNING it, staging `envelope` in the outbox in the same
    statement: one round trip instead of an insert and `add_to_outbox`. With a `guard`, the
    statement writes nothing (and returns None) unless the guard holds; being atomic on its
    own, it then needs no transaction around it."""
    # Parameters are prefixed: a plain `id` would also be taken for the outbox's own id.
    params = {f"row_{name}": value for name, value in values.items()}
    staged = outbox_values(envelope, event, prefix)
    params.update((f"staged_{name}", value) for name, value in staged.items())
    if guard is not None:
        params.update(guard.params)
    query = _insert_staging(table, tuple(values), guard.query if guard else None)
    row: Row[Any] | None = (await conn.execute(query, params)).first()
    return row


@functools.lru_cache(maxsize=64)
def _insert_staging(
    table: Table, columns: tuple[str, ...], guard: Select[Any] | None
) -> ReturningInsert[Any]:
    row = select(*_typed_params(table, columns, "row_"))
    staged = select(*_typed_params(OUTBOX, _OUTBOX_VALUES, "staged_"))
    statement = insert(table)
    if guard is not None:
        # Both inserts select their values FROM the guard: no guard row, no row and no event.
        held = guard.with_for_update(read=True).cte("guard")
        row, staged = row.select_from(held), staged.select_from(held)
        statement = statement.add_cte(held)
    staged_event = insert(OUTBOX).from_select(_OUTBOX_VALUES, staged).cte("staged_event")
    return statement.from_select(columns, row).returning(*table.c).add_cte(staged_event)


def _typed_params(table: Table, columns: Sequence[str], prefix: str) -> list[BindParameter[Any]]:
    # Typed, so PostgreSQL knows what a bare parameter in a SELECT list is.
    return [bindparam(f"{prefix}{name}", type_=table.c[name].type) for name in columns]


async def first_delivery(
    session: AsyncSession | AsyncConnection, consumer: str, event_id: UUID
) -> bool:
    """Record that `consumer` handled `event_id`; False when it already had (a redelivery)."""
    result = await session.execute(
        pg_insert(PROCESSED_EVENTS)
        .values(consumer=consumer, event_id=event_id)
        .on_conflict_do_nothing()
        .returning(PROCESSED_EVENTS.c.event_id)
    )
    return result.first() is not None


class OutboxRelay:
    """Publishes committed outbox rows in order with an idempotent producer.

    While Kafka is down rows stay in the outbox and the relay retries with backoff; a row is
    marked published only after the broker acknowledged it (so a crash can re-send, and
    consumers dedupe by event id).
    """

    def __init__(
        self,
        engine: AsyncEngine,
        producer: AIOKafkaProducer,
        *,
        batch_size: int = 500,
        batches_per_run: int = 8,
        idle_poll_s: float = 0.2,
        linger_s: float = 0.05,
        max_backoff_s: float = 10.0,
    ) -> None:
        self.engine = engine
        self.producer = producer
        self.batch_size = batch_size
        self.batches_per_run = batches_per_run
        self.idle_poll_s = idle_poll_s
        self.linger_s = linger_s
        self.max_backoff_s = max_backoff_s
        self._wake = asyncio.Event()
        self._standing_by = False
        self.published = 0

    def wake(self) -> None:
        """Tell the relay new rows were committed, so it need not wait for the next poll."""
        self._wake.set()

    async def run_forever(self) -> None:
        backoff = self.idle_poll_s
        while True:
            try:
                sent = await self.publish_batch()
                backoff = self.idle_poll_s
            except Exception as error:  # noqa: BLE001 - Kafka or PostgreSQL away: retry
                log.warning("outbox_relay_retry", error=describe(error), retry_in_s=backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, self.max_backoff_s)
                continue
            if sent < self.batch_size:
                await self._idle()

    async def _idle(self) -> None:
        if self._standing_by:
            # Another process holds the lock and publishes our rows on its next poll; waking
            # for each of our commits would only cost round trips to find the lock taken.
            await asyncio.sleep(self.idle_poll_s)
        else:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.idle_poll_s)
                # Woken by a commit: let the commits right behind it join the same run. Under
                # load a run per commit cost as many round trips as the requests themselves.
                await asyncio.sleep(self.linger_s)
        self._wake.clear()

    async def publish_batch(self) -> int:
        """Publish what waits, batch after batch in one transaction (at most `batches_per_run`);
        returns how many rows. While a batch's acks are awaited, the previous batch is marked
        and the next one read, so the database work overlaps the broker's."""
        async with self.engine.begin() as conn:
            key = lock_key(func.current_schema(), RELAY_LOCK)
            locked = await conn.scalar(select(func.pg_try_advisory_xact_lock(LOCK_CLASS, key)))
            self._standing_by = not locked
            if not locked:
                return 0
            acked: Sequence[Waiting] = []
            batch = await self._waiting(conn, after=0)
            batches = sent = 0
            while batch:
                acks = [await self.producer.send(r.topic, r.payload, key=r.key) for r in batch]
                await self._mark_published(conn, acked)
                batches += 1
                full = len(batch) == self.batch_size and batches < self.batches_per_run
                following = await self._waiting(conn, after=batch[-1].id) if full else []
                await asyncio.gather(*acks)
                sent += len(batch)
                acked, batch = batch, following
            await self._mark_published(conn, acked)
        self.published += sent
        return sent

    async def _waiting(self, conn: AsyncConnection, after: int) -> Sequence[Waiting]:
        return (
            await conn.execute(
                select(OUTBOX.c.id, OUTBOX.c.topic, OUTBOX.c.key, OUTBOX.c.payload)
                .where(OUTBOX.c.published_at.is_(None), OUTBOX.c.id > after)
                .order_by(OUTBOX.c.id)
                .limit(self.batch_size)
            )
        ).all()

    async def _mark_published(self, conn: AsyncConnection, rows: Sequence[Waiting]) -> None:
        if not rows:
            return
        # One array parameter, not an IN list of a batch's worth of parameters.
        ids = bindparam("sent_ids", [row.id for row in rows], type_=ARRAY(BigInteger))
        await conn.execute(
            update(OUTBOX).where(OUTBOX.c.id == any_(ids)).values(published_at=func.now())
        )

    async def pending(self) -> int:
        async with self.engine.connect() as conn:
            count = await conn.scalar(
                select(func.count()).select_from(OUTBOX).where(OUTBOX.c.published_at.is_(None))
            )
        return int(count or 0)
