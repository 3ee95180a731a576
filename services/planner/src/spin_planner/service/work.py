"""One unit of work: a transaction, who asks, and how its events are staged in the outbox."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from spin_contracts.claims import Principal
from spin_contracts.events import Envelope, Event, Tenant
from spincore.db import Guard, add_to_outbox, insert_with_event
from spincore.logging import correlation_id
from sqlalchemy import Row, Table
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

PRODUCER = "planner"


class Outdated(Exception):  # noqa: N818 - a signal to read again, never an answer
    """What a guarded write relied on changed after it was read: read it again."""


@dataclass
class Work:
    conn: AsyncConnection
    principal: Principal
    topic_prefix: str
    in_transaction: bool = True
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    staged: int = 0

    async def emit(self, event: Event, tenant: Tenant) -> None:
        """Stage `event`; it is published only if this unit of work commits."""
        await add_to_outbox(self.conn, self._wrap(event, tenant), event, self.topic_prefix)
        self.staged += 1

    async def insert_emitting(
        self,
        table: Table,
        values: dict[str, Any],
        event: Event,
        tenant: Tenant,
        guard: Guard | None = None,
    ) -> Row[Any]:
        """Insert one row of `table` and stage `event` in the same statement (one round trip
        less than an insert and `emit`); returns the row. With a `guard`, the statement is
        safe outside a transaction; it raises `Outdated` when the guard no longer holds."""
        envelope = self._wrap(event, tenant)
        row = await insert_with_event(
            self.conn, table, values, envelope, event, self.topic_prefix, guard
        )
        if row is None:  # only a guard stops an insert
            raise Outdated
        self.staged += 1
        return row

    def _wrap(self, event: Event, tenant: Tenant) -> Envelope:
        return Envelope.wrap(
            event,
            producer=PRODUCER,
            tenant=tenant,
            correlation_id=correlation_id.get(),
            occurred_at=self.now,
        )


@asynccontextmanager
async def reading(
    engine: AsyncEngine, principal: Principal, topic_prefix: str
) -> AsyncIterator[Work]:
    """Work without a transaction: autocommit spares the BEGIN and COMMIT round trips. For
    reads, and for writes of one guarded statement each (see `Work.insert_emitting`)."""
    async with engine.connect() as conn:
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        yield Work(conn, principal, topic_prefix, in_transaction=False)


@asynccontextmanager
async def unit_of_work(
    engine: AsyncEngine, principal: Principal, topic_prefix: str
) -> AsyncIterator[Work]:
    """Commit everything done (state and events) on success; roll all of it back on error."""
    async with engine.begin() as conn:
        yield Work(conn, principal, topic_prefix)
