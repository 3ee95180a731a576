"""What every ingest use case needs, built once in the app's wiring."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from uuid import UUID

from spin_contracts.claims import Principal

from spin_ingest.domain import expiry
from spin_ingest.domain.refusals import Refusal, RefusalError, not_found
from spin_ingest.domain.upload import Upload
from spin_ingest.service.hashers import RunningHashes
from spin_ingest.service.ports import Database, Ports, Storage, Unit, UploadRecords
from spin_ingest.settings import IngestSettings


@dataclass
class Ingest:
    settings: IngestSettings
    database: Database
    storage: Storage
    hashes: RunningHashes = field(default_factory=RunningHashes)

    @staticmethod
    def now() -> datetime:
        return datetime.now(UTC)

    def expires_at(self, *, started: bool) -> datetime:
        """From now: hours once bytes have arrived, minutes while none has."""
        hours = self.settings.upload_expiry_hours
        if not started:
            hours = min(hours, self.settings.unstarted_upload_expiry_minutes / 60)
        return expiry.expires_at(self.now(), hours)

    def ports(self, unit: Unit) -> Ports:
        """The completion and closing dependencies, bound to the transaction of `unit`."""
        return Ports(
            records=unit.records,
            blobs=self.storage,
            publisher=unit.publisher,
            hashes=self.hashes,
            now=self.now,
            bucket=self.settings.s3_bucket,
            producer=self.settings.service_name,
        )

    def storage_unavailable(self) -> RefusalError:
        return RefusalError(
            Refusal.STORAGE_UNAVAILABLE,
            "footage storage is unavailable right now; nothing already received is lost, "
            "try again shortly",
            self.settings.storage_retry_after_seconds,
        )


async def visible_upload(records: UploadRecords, principal: Principal, upload_id: UUID) -> Upload:
    """The upload if the caller may see it; 404 alike for missing and someone else's."""
    upload = await records.load(upload_id)
    if upload is None or not principal.may_act_for(upload.agency_id, upload.site_id):
        raise not_found()
    return upload
