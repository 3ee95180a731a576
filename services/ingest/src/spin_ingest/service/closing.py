"""Ending an upload that will never complete: its parts and staged tail are removed."""

from __future__ import annotations

from spincore.logging import get_logger
from sqlalchemy.ext.asyncio import AsyncConnection

from spin_ingest.adapters import repository
from spin_ingest.domain.refusals import RefusalError
from spin_ingest.domain.upload import Status, Upload
from spin_ingest.service import metrics
from spin_ingest.service.context import Ingest

log = get_logger(__name__)


class FinalRefusalError(RefusalError):
    """A refusal after which the upload cannot go on (wrong format, too large, no consent)."""


async def close(
    ingest: Ingest,
    conn: AsyncConnection,
    upload: Upload,
    status: Status,
    *,
    assembled: bool = False,
) -> None:
    """Reclaim the storage of `upload` and record why it ended."""
    if assembled:
        await ingest.storage.remove(upload.object_key)
    else:
        await ingest.storage.abort(upload.object_key, upload.s3_upload_id)
    await ingest.storage.remove_tail(upload.upload_id)
    await repository.set_status(conn, upload.upload_id, status)
    await conn.commit()
    ingest.hashes.forget(upload.upload_id)
    metrics.UPLOADS.labels(status.value).inc()
    log.info("upload_closed", upload_id=str(upload.upload_id), status=status.value)
