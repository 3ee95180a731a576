"""In-memory stand-ins for the protocols of `spin_ingest.service.ports`."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from spin_contracts.events.envelope import Envelope
from spin_ingest.adapters.storage import StoredPart
from spin_ingest.domain.consent import ConsentState
from spin_ingest.domain.limits import OpenSlot
from spin_ingest.domain.upload import Status, Upload, object_key
from spin_ingest.service.ports import Ports, Progress

NOW = datetime(2026, 4, 14, 9, 0, tzinfo=UTC)
MP4_HEAD = b"\x00\x00\x00\x18ftypisom" + bytes(20)


@dataclass
class FakeBlobs:
    """Parts as bytes per key; `complete` joins them into an object."""

    parts: dict[str, list[bytes]] = field(default_factory=dict)
    objects: dict[str, bytes] = field(default_factory=dict)
    tails: set[UUID] = field(default_factory=set)
    aborted: list[str] = field(default_factory=list)

    async def complete(self, key: str, s3_upload_id: str, parts: list[StoredPart]) -> None:  # noqa: ARG002
        self.objects[key] = b"".join(self.parts.pop(key, []))

    async def abort(self, key: str, s3_upload_id: str) -> None:  # noqa: ARG002
        self.parts.pop(key, None)
        self.aborted.append(key)

    async def remove(self, key: str) -> None:
        self.objects.pop(key, None)

    async def remove_tail(self, upload_id: UUID) -> None:
        self.tails.discard(upload_id)

    async def sha256_of(self, key: str) -> str:
        return hashlib.sha256(self.objects[key]).hexdigest()


@dataclass
class FakeRecords:
    """Rows staged in a transaction become `committed` on commit and vanish on rollback."""

    consents: list[tuple[datetime | None, datetime | None, datetime | None]] = field(
        default_factory=list
    )
    footage: list[dict[str, Any]] = field(default_factory=list)
    statuses: dict[UUID, tuple[Status, UUID | None]] = field(default_factory=dict)
    staged: list[Any] = field(default_factory=list)
    commits: int = 0
    race_twin: dict[str, Any] | None = None  # a twin committed by another request meanwhile
    uploads: dict[UUID, Upload] = field(default_factory=dict)
    progress: dict[UUID, Progress] = field(default_factory=dict)
    sites: dict[str, str] = field(default_factory=dict)  # site -> its agency
    slot_locks: list[tuple[str, str]] = field(default_factory=list)

    async def load(self, upload_id: UUID) -> Upload | None:
        return self.uploads.get(upload_id)

    async def expired(self, now: datetime) -> list[Upload]:
        due = [u for u in self.uploads.values() if self._receiving(u) and u.expires_at <= now]
        return sorted(due, key=lambda upload: upload.expires_at)

    async def insert_upload(self, values: dict[str, Any]) -> None:
        self.staged.append(("upload", values))

    async def open_slots(self, agency_id: str, site_id: str, now: datetime) -> list[OpenSlot]:
        self.slot_locks.append((agency_id, site_id))
        return [
            OpenSlot(started=u.offset > 0, expires_at=u.expires_at)
            for u in self.uploads.values()
            if (u.agency_id, u.site_id) == (agency_id, site_id)
            and self._receiving(u)
            and u.expires_at > now
        ]

    async def agency_of_site(self, site_id: str) -> str | None:
        return self.sites.get(site_id)

    def _receiving(self, upload: Upload) -> bool:
        status = self.statuses.get(upload.upload_id, (upload.status, None))[0]
        return status is Status.RECEIVING

    async def record_progress(self, upload_id: UUID, progress: Progress) -> None:
        self.staged.append(("progress", upload_id, progress))

    async def consent_state(self, case_code: str, agency_id: str, now: datetime) -> ConsentState:  # noqa: ARG002
        return ConsentState.of(self.consents, now)

    async def footage_with_hash(self, agency_id: str, case_code: str, sha256: str) -> UUID | None:
        for row in self.footage:
            if (row["agency_id"], row["case_code"], row["sha256"]) == (
                agency_id,
                case_code,
                sha256,
            ):
                return UUID(str(row["footage_id"]))
        return None

    async def parts(self, upload_id: UUID) -> list[StoredPart]:  # noqa: ARG002
        return [StoredPart(1, "etag-1", 1)]

    async def insert_footage(self, values: dict[str, Any]) -> bool:
        if self.race_twin is not None:
            self.footage.append(self.race_twin)
            self.race_twin = None
        twin = await self.footage_with_hash(
            values["agency_id"], values["case_code"], values["sha256"]
        )
        if twin is not None:
            return False
        self.staged.append(("footage", values))
        return True

    async def set_status(
        self, upload_id: UUID, status: Status, duplicate_of: UUID | None = None
    ) -> None:
        self.staged.append(("status", upload_id, status, duplicate_of))

    async def commit(self) -> None:
        for change in self.staged:
            if change[0] == "footage":
                self.footage.append(change[1])
            elif change[0] == "progress":
                self.progress[change[1]] = change[2]
            elif change[0] == "upload":
                self.uploads[change[1]["upload_id"]] = a_new_upload(change[1])
            else:
                self.statuses[change[1]] = (change[2], change[3])
        self.staged.clear()
        self.commits += 1

    async def rollback(self) -> None:
        self.staged.clear()


@dataclass
class FakePublisher:
    """Events staged with the records' transaction; published only by a commit."""

    records: FakeRecords
    staged: list[tuple[Envelope, Any, int]] = field(default_factory=list)
    wakes: int = 0

    async def stage(self, envelope: Envelope, event: Any) -> None:
        self.staged.append((envelope, event, self.records.commits))

    def wake(self) -> None:
        self.wakes += 1

    @property
    def published(self) -> list[Any]:
        """What the relay would send: staged in a transaction that has committed since."""
        return [event for _, event, commits in self.staged if self.records.commits > commits]


@dataclass
class FakeHashes:
    forgotten: list[UUID] = field(default_factory=list)

    def forget(self, upload_id: UUID) -> None:
        self.forgotten.append(upload_id)


@dataclass
class World:
    records: FakeRecords
    blobs: FakeBlobs
    publisher: FakePublisher
    hashes: FakeHashes
    ports: Ports


def a_world() -> World:
    records = FakeRecords()
    blobs = FakeBlobs()
    publisher = FakePublisher(records)
    hashes = FakeHashes()
    ports = Ports(records, blobs, publisher, hashes, lambda: NOW, "spin-footage", "ingest")
    return World(records, blobs, publisher, hashes, ports)


def an_upload(content: bytes, declared_sha256: str | None = None) -> Upload:
    footage_id = uuid4()
    return Upload(
        upload_id=uuid4(),
        footage_id=footage_id,
        institute_id="inst-1",
        agency_id="agency-1",
        site_id="site-1",
        case_code="C-2026-001",
        filming_session_id="s-1",
        filmed_at=NOW - timedelta(days=1),
        filename="bedtime.mp4",
        device=None,
        declared_sha256=declared_sha256,
        metadata_header="",
        length=len(content),
        offset=len(content),
        tail_length=0,
        head=content[:576],
        object_key=object_key("agency-1", "site-1", footage_id),
        s3_upload_id="s3-upload-1",
        status=Status.RECEIVING,
        duplicate_of=None,
        created_at=NOW - timedelta(hours=1),
        expires_at=NOW + timedelta(hours=23),
    )


def a_new_upload(values: dict[str, Any]) -> Upload:
    """The row as the database gives it back, with its columns' defaults."""
    defaults = {"offset": 0, "tail_length": 0, "head": b"", "status": Status.RECEIVING}
    return Upload(**{**defaults, "duplicate_of": None, "created_at": NOW, **values})
