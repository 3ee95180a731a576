"""The small protocols receiving, completing and closing an upload need, and what binds them.

`adapters.upload_records` implements the records and the publisher on the connection that
holds the upload's lock: the unit of work, and the only one that commits. A commit makes the
received parts and offset durable, or the upload's status, its footage row and the outbox row
together. `adapters.storage.FootageStorage` is the blob store. The unit tests put in-memory
fakes behind the same protocols.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from spin_contracts.events.envelope import Envelope

from spin_ingest.adapters.storage import StoredPart
from spin_ingest.domain.consent import ConsentState
from spin_ingest.domain.upload import Status, Upload


class Blobs(Protocol):
    async def complete(self, key: str, s3_upload_id: str, parts: list[StoredPart]) -> None: ...
    async def abort(self, key: str, s3_upload_id: str) -> None: ...
    async def remove(self, key: str) -> None: ...
    async def remove_tail(self, upload_id: UUID) -> None: ...
    async def sha256_of(self, key: str) -> str: ...


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
