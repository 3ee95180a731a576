"""Transactional outbox (state change and event commit together) and consumer dedupe."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

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
    bindparam,
    func,
    insert,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.sql.dml import ReturningInsert
from sqlalchemy.sql.elements import BindParameter

from spincore.logging import get_logger

log = get_logger(__name__)


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
