"""In-memory stand-ins for `spin_ingest.service.ports.Database` and the footage store, and an
`Ingest` built on them: creation, expiry and the consumers run here without servers."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from spin_contracts.events.directory import UploadTokenRevoked
from spin_ingest.adapters.storage import StorageUnavailableError, StoredPart
from spin_ingest.service.context import Ingest
from spin_ingest.service.ports import Unit
from spin_ingest.settings import IngestSettings

from tests.unit.ingest.fakes import FakeBlobs, FakePublisher, FakeRecords


@dataclass
class FakeStorage(FakeBlobs):
    started: list[str] = field(default_factory=list)
    away: bool = False  # storage answers StorageUnavailableError while away

    async def start(self, key: str) -> str:
        if self.away:
            raise StorageUnavailableError(key)
        self.started.append(key)
        return f"s3-{len(self.started)}"

    async def put_part(
        self,
        key: str,
        s3_upload_id: str,  # noqa: ARG002
        number: int,
        data: memoryview,
        sent: Callable[[], object] = lambda: None,
    ) -> StoredPart:
        self.parts.setdefault(key, []).append(bytes(data))
        sent()
        return StoredPart(number, f"etag-{number}", len(data))

    async def put_tail(self, upload_id: UUID, data: memoryview) -> None:  # noqa: ARG002
        self.tails.add(upload_id)

    async def read_tail(self, upload_id: UUID, length: int) -> bytes:  # noqa: ARG002
        return bytes(length)


@dataclass
class FakeViews:
    """Ingest's event views; `delivered` is the consumers' record of handled events."""

    delivered: set[tuple[str, UUID]] = field(default_factory=set)
    consents: dict[UUID, dict[str, Any]] = field(default_factory=dict)
    sites: dict[str, str] = field(default_factory=dict)
    revoked: dict[str, datetime] = field(default_factory=dict)
    transactions: int = 0

    async def first_delivery(self, consumer: str, event_id: UUID) -> bool:
        if (consumer, event_id) in self.delivered:
            return False
        self.delivered.add((consumer, event_id))
        return True

    async def record_consent(self, consent_id: UUID, values: dict[str, Any]) -> None:
        self.consents[consent_id] = {**self.consents.get(consent_id, {}), **values}

    async def record_site(self, site_id: str, agency_id: str) -> None:
        self.sites[site_id] = agency_id

    async def record_revocation(self, revoked: UploadTokenRevoked) -> None:
        self.revoked.setdefault(revoked.token_id, revoked.revoked_at)

    async def revocations(self) -> dict[str, datetime]:
        return dict(self.revoked)


@dataclass
class FakeDatabase:
    records: FakeRecords = field(default_factory=FakeRecords)
    event_views: FakeViews = field(default_factory=FakeViews)
    busy: set[UUID] = field(default_factory=set)  # uploads another request holds the lock of

    def __post_init__(self) -> None:
        self.publisher = FakePublisher(self.records)
        self.unit = Unit(self.records, self.publisher)

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[Unit]:
        try:
            yield self.unit
        finally:
            await self.records.rollback()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Unit]:
        try:
            yield self.unit
        except BaseException:
            await self.records.rollback()
            raise
        await self.records.commit()

    @asynccontextmanager
    async def upload_lock(self, upload_id: UUID) -> AsyncIterator[Unit | None]:
        if upload_id in self.busy:
            yield None
            return
        try:
            yield self.unit
        finally:
            await self.records.rollback()

    @asynccontextmanager
    async def views(self) -> AsyncIterator[FakeViews]:
        self.event_views.transactions += 1
        yield self.event_views


def an_ingest(**settings: Any) -> tuple[Ingest, FakeDatabase, FakeStorage]:
    database, storage = FakeDatabase(), FakeStorage()
    ingest = Ingest(settings=IngestSettings(**settings), database=database, storage=storage)
    return ingest, database, storage
