"""Ending an upload that will never complete: its parts and staged tail are removed."""

from __future__ import annotations

from uuid import UUID

from spincore.logging import get_logger

from spin_ingest.domain.refusals import RefusalError
from spin_ingest.domain.upload import Status, Upload
from spin_ingest.service import metrics
from spin_ingest.service.context import Ingest
from spin_ingest.service.ports import Ports, Unit

log = get_logger(__name__)


class FinalRefusalError(RefusalError):
    """A refusal after which the upload cannot go on (wrong format, too large, no consent)."""


async def close(
    ingest: Ingest,
    unit: Unit,
    upload: Upload,
    status: Status,
    *,
    assembled: bool = False,
) -> None:
    """Reclaim the storage of `upload` and record why it ended."""
    await end(ingest.ports(unit), upload, status, assembled=assembled)


async def end(
    ports: Ports,
    upload: Upload,
    status: Status,
    *,
    assembled: bool = False,
    duplicate: bool = False,
    duplicate_of: UUID | None = None,
) -> None:
    """Remove the upload's bytes (assembled or in parts) and commit its final status.

    A duplicate ends completed, pointing at the footage that already holds the same file.
    """
    if assembled:
        await ports.blobs.remove(upload.object_key)
    else:
        await ports.blobs.abort(upload.object_key, upload.s3_upload_id)
    await ports.blobs.remove_tail(upload.upload_id)
    await ports.records.set_status(upload.upload_id, status, duplicate_of=duplicate_of)
    await ports.records.commit()
    ports.hashes.forget(upload.upload_id)
    if duplicate:
        metrics.UPLOADS.labels("duplicate").inc()
        log.info(
            "upload_duplicate", upload_id=str(upload.upload_id), duplicate_of=str(duplicate_of)
        )
        return
    metrics.UPLOADS.labels(status.value).inc()
    log.info("upload_closed", upload_id=str(upload.upload_id), status=status.value)
