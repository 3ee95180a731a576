"""The small protocols ingest's use cases need, and what binds them.

`Database` opens the units of work: a read, a transaction, the connection that holds one
upload's lock, and a consumer's transaction over ingest's views of other services' events.
`adapters.database` implements it on the engine and `adapters.upload_records` the records and
the publisher on one connection: a commit makes the received parts and offset durable, or the
upload's status, its footage row and the outbox row together. `adapters.storage.FootageStorage`
is the blob store. The unit tests put in-memory fakes behind the same protocols.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from spin_contracts.events.directory import UploadTokenRevoked
from spin_contracts.events.envelope import Envelope

from spin_ingest.adapters.storage import StoredPart
from spin_ingest.domain.consent import ConsentState
from spin_ingest.domain.limits import OpenSlot
from spin_ingest.domain.upload import Status, Upload


class Blobs(Protocol):
    async def complete(self, key: str, s3_upload_id: str, parts: list[StoredPart]) -> None: ...
    async def abort(self, key: str, s3_upload_id: str) -> None: ...
    async def remove(self, key: str) -> None: ...
    async def remove_tail(self, upload_id: UUID) -> None: ...
    async def sha256_of(self, key: str) -> str: ...


class Storage(Blobs, Protocol):
    """The whole footage store: multipart uploads, their parts and their staged tails."""

    async def start(self, key: str) -> str: ...
    async def put_part(
        self,
        key: str,
        s3_upload_id: str,
        number: int,
        data: memoryview,
        sent: Callable[[], object] = ...,
    ) -> StoredPart: ...
    async def put_tail(self, upload_id: UUID, data: memoryview) -> None: ...
    async def read_tail(self, upload_id: UUID, length: int) -> bytes: ...


@dataclass(frozen=True)
class Progress:
    """Received bytes that count once committed: their parts, the offset and the staged tail."""

    new_parts: list[StoredPart]
    offset: int
    tail_length: int
    head: bytes
    length: int | None
    expires_at: datetime


class UploadRecords(Protocol):
    """One upload's rows within one transaction, which `commit` or `rollback` ends."""

    async def load(self, upload_id: UUID) -> Upload | None: ...
    async def expired(self, now: datetime) -> list[Upload]: ...
    async def insert_upload(self, values: dict[str, Any]) -> None: ...
    async def open_slots(self, agency_id: str, site_id: str, now: datetime) -> list[OpenSlot]:
        """The site's open uploads, holding the site's lock until the transaction ends."""
        ...

    async def agency_of_site(self, site_id: str) -> str | None: ...
    async def record_progress(self, upload_id: UUID, progress: Progress) -> None: ...

    async def consent_state(
        self, case_code: str, agency_id: str, now: datetime
    ) -> ConsentState: ...
    async def footage_with_hash(
        self, agency_id: str, case_code: str, sha256: str
    ) -> UUID | None: ...
    async def parts(self, upload_id: UUID) -> list[StoredPart]: ...
    async def insert_footage(self, values: dict[str, Any]) -> bool: ...
    async def set_status(
        self, upload_id: UUID, status: Status, duplicate_of: UUID | None = None
    ) -> None: ...
    async def commit(self) -> None: ...
    async def rollback(self) -> None: ...


class Publisher(Protocol):
    """Stages an event in the records' transaction; it is published once that commits."""

    async def stage(self, envelope: Envelope, event: Any) -> None: ...
    def wake(self) -> None: ...


class Hashes(Protocol):
    def forget(self, upload_id: UUID) -> None: ...


@dataclass
class Ports:
    """What ending an upload needs, bound to one transaction."""

    records: UploadRecords
    blobs: Blobs
    publisher: Publisher
    hashes: Hashes
    now: Callable[[], datetime]
    bucket: str
    producer: str


@dataclass(frozen=True)
class Unit:
    """One unit of work: the rows it reads and writes, and the events it stages with them."""

    records: UploadRecords
    publisher: Publisher


class EventViews(Protocol):
    """Ingest's views of consent, sites and revoked tokens, within one consumer's transaction."""

    async def first_delivery(self, consumer: str, event_id: UUID) -> bool:
        """Record that `consumer` handled the event; False when it already had."""
        ...

    async def record_consent(self, consent_id: UUID, values: dict[str, Any]) -> None: ...
    async def record_site(self, site_id: str, agency_id: str) -> None: ...
    async def record_revocation(self, revoked: UploadTokenRevoked) -> None: ...

    async def revocations(self) -> dict[str, datetime]: ...


class Database(Protocol):
    def reading(self) -> AbstractAsyncContextManager[Unit]:
        """A unit that only reads: nothing it does is committed."""
        ...

    def transaction(self) -> AbstractAsyncContextManager[Unit]:
        """A unit that commits when its block ends, and rolls back when it raises."""
        ...

    def upload_lock(self, upload_id: UUID) -> AbstractAsyncContextManager[Unit | None]:
        """The unit holding this upload's lock for a whole request (it commits itself), or
        None while another holds it."""
        ...

    def views(self) -> AbstractAsyncContextManager[EventViews]:
        """A transaction over the event views; it commits when its block ends."""
        ...
