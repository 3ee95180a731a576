"""One upload as ingest remembers it between requests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from spin_ingest.domain.refusals import Refusal, RefusalError


class Status(StrEnum):
    RECEIVING = "receiving"
    COMPLETED = "completed"
    FAILED = "failed"
    TERMINATED = "terminated"
    EXPIRED = "expired"


GONE_BECAUSE = {
    Status.FAILED: "this upload was refused and closed; start a new upload",
    Status.TERMINATED: "this upload was cancelled",
    Status.EXPIRED: "this upload expired (no bytes came for too long); start a new upload",
}


@dataclass(frozen=True)
class Upload:
    upload_id: UUID
    footage_id: UUID
    institute_id: str
    agency_id: str
    site_id: str
    case_code: str
    filming_session_id: str
    filmed_at: datetime
    filename: str
    device: str | None
    declared_sha256: str | None
    metadata_header: str
    length: int | None
    offset: int
    tail_length: int
    head: bytes
    object_key: str
    s3_upload_id: str
    status: Status
    duplicate_of: UUID | None
    created_at: datetime
    expires_at: datetime

    @property
    def complete(self) -> bool:
        return self.length is not None and self.offset == self.length

    def require_open(self, now: datetime | None = None) -> None:
        """Refuse writes to an upload that is finished one way or another, or past its expiry
        (the sweep that closes it may not have come by yet)."""
        status = self.status
        if now is not None and status is Status.RECEIVING and now >= self.expires_at:
            status = Status.EXPIRED
        reason = GONE_BECAUSE.get(status)
        if reason:
            raise RefusalError(Refusal.GONE, reason)


def object_key(agency_id: str, site_id: str, footage_id: UUID) -> str:
    """Where finished footage lives: tenant ids and a random id, no personal data."""
    return f"raw/{agency_id}/{site_id}/{footage_id}"
