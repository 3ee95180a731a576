"""Ingest's units of work on the engine (`service.ports.Database`)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any
from uuid import UUID

from spin_contracts.events.directory import UploadTokenRevoked
from spincore.db import first_delivery
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from spin_ingest.adapters import repository, revoked_tokens, sites
from spin_ingest.adapters.upload_records import OutboxPublisher, SqlUploadRecords
from spin_ingest.service.ports import Unit


class SqlEventViews:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def first_delivery(self, consumer: str, event_id: UUID) -> bool:
        return await first_delivery(self.conn, consumer, event_id)

    async def record_consent(self, consent_id: UUID, values: dict[str, Any]) -> None:
        await repository.record_consent(self.conn, consent_id, values)

    async def record_site(self, site_id: str, agency_id: str) -> None:
        await sites.record(self.conn, site_id, agency_id)

    async def record_revocation(self, revoked: UploadTokenRevoked) -> None:
        await revoked_tokens.record(self.conn, revoked)

    async def revocations(self) -> dict[str, datetime]:
        return await revoked_tokens.every_revocation(self.conn)


class SqlDatabase:
    def __init__(self, engine: AsyncEngine, topic_prefix: str, wake: Callable[[], None]) -> None:
        self.engine = engine
        self._prefix = topic_prefix
        self._wake = wake

    def _unit(self, conn: AsyncConnection) -> Unit:
        return Unit(SqlUploadRecords(conn), OutboxPublisher(conn, self._prefix, self._wake))

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[Unit]:
        async with self.engine.connect() as conn:
            yield self._unit(conn)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Unit]:
        async with self.engine.begin() as conn:
            yield self._unit(conn)

    @asynccontextmanager
    async def upload_lock(self, upload_id: UUID) -> AsyncIterator[Unit | None]:
        async with repository.upload_lock(self.engine, upload_id) as conn:
            yield None if conn is None else self._unit(conn)

    @asynccontextmanager
    async def views(self) -> AsyncIterator[SqlEventViews]:
        async with self.engine.begin() as conn:
            yield SqlEventViews(conn)
