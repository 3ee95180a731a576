"""Looking at, cancelling (tus `termination`) and expiring uploads."""

from __future__ import annotations

import asyncio
from uuid import UUID

from spin_contracts.claims import Principal
from spincore.logging import get_logger

from spin_ingest.adapters.storage import StorageUnavailableError
from spin_ingest.domain import expiry
from spin_ingest.domain.refusals import Refusal, RefusalError
from spin_ingest.domain.upload import Status, Upload
from spin_ingest.service.closing import close
from spin_ingest.service.context import Ingest, visible_upload

log = get_logger(__name__)


async def status(ingest: Ingest, principal: Principal, upload_id: UUID) -> Upload:
    """The upload's durable state: its offset is what the database says, never a guess."""
    async with ingest.database.reading() as unit:
        upload = await visible_upload(unit.records, principal, upload_id)
    upload.require_open(ingest.now())
    return upload


async def terminate(ingest: Ingest, principal: Principal, upload_id: UUID) -> None:
    async with ingest.database.upload_lock(upload_id) as unit:
        if unit is None:
            raise RefusalError(
                Refusal.BUSY, "the upload is receiving bytes right now; try again shortly"
            )
        upload = await visible_upload(unit.records, principal, upload_id)
        upload.require_open()
        if upload.status is Status.COMPLETED:
            raise RefusalError(
                Refusal.CONFLICT,
                "the upload is complete; the footage can no longer be cancelled here",
            )
        try:
            await close(ingest, unit, upload, Status.TERMINATED)
        except StorageUnavailableError as error:
            raise ingest.storage_unavailable() from error


async def expire_abandoned(ingest: Ingest) -> int:
    """Close every upload past its expiry that no request is writing to; return how many."""
    now = ingest.now()
    async with ingest.database.reading() as reading:
        candidates = await reading.records.expired(now)
    closed = 0
    for candidate in candidates:
        async with ingest.database.upload_lock(candidate.upload_id) as unit:
            if unit is None:
                continue
            upload = await unit.records.load(candidate.upload_id)
            if upload is None or upload.status is not Status.RECEIVING:
                continue
            if not expiry.is_expired(upload.expires_at, now):
                continue
            await close(ingest, unit, upload, Status.EXPIRED)
            closed += 1
    return closed


async def expire_forever(ingest: Ingest) -> None:
    """The background sweep (runtime.spawn): storage or database away means try next time."""
    interval = ingest.settings.expiry_sweep_seconds
    while True:
        try:
            closed = await expire_abandoned(ingest)
            if closed:
                log.info("uploads_expired", count=closed)
        except Exception as error:  # noqa: BLE001 - a sweep failure must not end the loop
            log.warning("expiry_sweep_failed", error=repr(error))
        ingest.hashes.forget_idle(ingest.settings.upload_expiry_hours * 3600)
        await asyncio.sleep(interval)
