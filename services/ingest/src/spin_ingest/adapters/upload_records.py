"""An upload's rows and its outbox on one database connection (the unit of work)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from uuid import UUID

from spin_contracts.events.envelope import Envelope
from spincore.db import add_to_outbox
from sqlalchemy.ext.asyncio import AsyncConnection

from spin_ingest.adapters import repository, sites
from spin_ingest.adapters.storage import StoredPart
from spin_ingest.domain.consent import ConsentState
from spin_ingest.domain.limits import OpenSlot
from spin_ingest.domain.upload import Status, Upload
from spin_ingest.service.ports import Progress


class SqlUploadRecords:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def load(self, upload_id: UUID) -> Upload | None:
        return await repository.load(self.conn, upload_id)

    async def expired(self, now: datetime) -> list[Upload]:
        return await repository.expired(self.conn, now)

    async def insert_upload(self, values: dict[str, Any]) -> None:
        await repository.insert_upload(self.conn, values)

    async def open_slots(self, agency_id: str, site_id: str, now: datetime) -> list[OpenSlot]:
        return await repository.unfinished_at_site(self.conn, agency_id, site_id, now)

    async def agency_of_site(self, site_id: str) -> str | None:
        return await sites.agency_of(self.conn, site_id)

    async def record_progress(self, upload_id: UUID, progress: Progress) -> None:
        await repository.record_progress(
            self.conn,
            upload_id,
            new_parts=progress.new_parts,
            offset=progress.offset,
            tail_length=progress.tail_length,
            head=progress.head,
            length=progress.length,
            expires_at=progress.expires_at,
        )

    async def consent_state(self, case_code: str, agency_id: str, now: datetime) -> ConsentState:
        return await repository.consent_state(self.conn, case_code, agency_id, now)

    async def footage_with_hash(self, agency_id: str, case_code: str, sha256: str) -> UUID | None:
        return await repository.footage_with_hash(self.conn, agency_id, case_code, sha256)

    async def parts(self, upload_id: UUID) -> list[StoredPart]:
        return await repository.parts(self.conn, upload_id)

    async def insert_footage(self, values: dict[str, Any]) -> bool:
        return await repository.insert_footage(self.conn, values)

    async def set_status(
        self, upload_id: UUID, status: Status, duplicate_of: UUID | None = None
    ) -> None:
        await repository.set_status(self.conn, upload_id, status, duplicate_of=duplicate_of)

    async def commit(self) -> None:
        await self.conn.commit()

    async def rollback(self) -> None:
        await self.conn.rollback()


class OutboxPublisher:
    def __init__(self, conn: AsyncConnection, prefix: str, wake: Callable[[], None]) -> None:
        self.conn = conn
        self.prefix = prefix
        self._wake = wake

    async def stage(self, envelope: Envelope, event: Any) -> None:
        await add_to_outbox(self.conn, envelope, event, self.prefix)

    def wake(self) -> None:
        self._wake()
