"""Completing an upload: verify, assemble under its final key, and announce it exactly once.

The footage row, the upload's new status and the `footage.uploaded` outbox row commit in one
transaction, so the event is published once the state is durable and never twice.
"""

from __future__ import annotations

import contextlib
from dataclasses import replace
from typing import Any

from spin_contracts.events.envelope import Envelope, Tenant
from spin_contracts.events.footage import FootageUploaded
from spincore.db import add_to_outbox
from spincore.logging import correlation_id, get_logger
from sqlalchemy.ext.asyncio import AsyncConnection

from spin_ingest.adapters import repository
from spin_ingest.adapters.storage import StorageUnavailableError
from spin_ingest.domain import container
from spin_ingest.domain.container import Container
from spin_ingest.domain.protocol import CHECKSUM_MISMATCH
from spin_ingest.domain.upload import Status, Upload
from spin_ingest.service import metrics
from spin_ingest.service.closing import FinalRefusalError, close
from spin_ingest.service.context import Ingest

log = get_logger(__name__)


async def finish(
    ingest: Ingest, conn: AsyncConnection, upload: Upload, hasher: Any | None
) -> Upload:
    found = container.sniff(upload.head)
    if found is None:
        await close(ingest, conn, upload, Status.FAILED)
        raise FinalRefusalError(415, "this file is not a video this service accepts")
    consent = await repository.consent_state(conn, upload.case_code, upload.agency_id, ingest.now())
    if not consent.allows_filming:
        await close(ingest, conn, upload, Status.FAILED)
        consent.require_filming(upload.case_code)
    sha256 = hasher.hexdigest() if hasher is not None else None
    if sha256 is not None:
        await _check_declared(ingest, conn, upload, sha256, assembled=False)
        twin = await repository.footage_with_hash(conn, upload.agency_id, upload.case_code, sha256)
        if twin is not None:
            return await _duplicate(ingest, conn, upload, twin, assembled=False)
    await ingest.storage.complete(
        upload.object_key, upload.s3_upload_id, await repository.parts(conn, upload.upload_id)
    )
    if sha256 is None:
        sha256 = await ingest.storage.sha256_of(upload.object_key)
        await _check_declared(ingest, conn, upload, sha256, assembled=True)
    return await _record_footage(ingest, conn, upload, sha256, found)


async def _check_declared(
    ingest: Ingest, conn: AsyncConnection, upload: Upload, sha256: str, *, assembled: bool
) -> None:
    if upload.declared_sha256 is None or upload.declared_sha256 == sha256:
        return
    await close(ingest, conn, upload, Status.FAILED, assembled=assembled)
    raise FinalRefusalError(
        CHECKSUM_MISMATCH,
        f"the received file's sha256 is {sha256}, not the declared {upload.declared_sha256}: "
        "it was damaged on the way; upload it again",
    )


async def _duplicate(
    ingest: Ingest, conn: AsyncConnection, upload: Upload, twin: Any, *, assembled: bool
) -> Upload:
    if assembled:
        await ingest.storage.remove(upload.object_key)
    else:
        await ingest.storage.abort(upload.object_key, upload.s3_upload_id)
    await ingest.storage.remove_tail(upload.upload_id)
    await repository.set_status(conn, upload.upload_id, Status.COMPLETED, duplicate_of=twin)
    await conn.commit()
    ingest.hashes.forget(upload.upload_id)
    metrics.UPLOADS.labels("duplicate").inc()
    log.info("upload_duplicate", upload_id=str(upload.upload_id), duplicate_of=str(twin))
    return _reloaded(upload, Status.COMPLETED, twin)


async def _record_footage(
    ingest: Ingest, conn: AsyncConnection, upload: Upload, sha256: str, found: Container
) -> Upload:
    assert upload.length is not None
    now = ingest.now()
    inserted = await repository.insert_footage(
        conn,
        {
            "footage_id": upload.footage_id,
            "upload_id": upload.upload_id,
            "institute_id": upload.institute_id,
            "agency_id": upload.agency_id,
            "site_id": upload.site_id,
            "case_code": upload.case_code,
            "sha256": sha256,
            "size_bytes": upload.length,
            "container": found.value,
            "object_key": upload.object_key,
            "uploaded_at": now,
        },
    )
    if not inserted:
        await conn.rollback()
        twin = await repository.footage_with_hash(conn, upload.agency_id, upload.case_code, sha256)
        return await _duplicate(ingest, conn, upload, twin, assembled=True)
    event = FootageUploaded(
        footage_id=upload.footage_id,
        case_code=upload.case_code,
        filming_session_id=upload.filming_session_id,
        filmed_at=upload.filmed_at,
        uploaded_at=now,
        bucket=ingest.settings.s3_bucket,
        object_key=upload.object_key,
        size_bytes=upload.length,
        sha256=sha256,
        container=found.value,
    )
    tenant = Tenant(
        institute_id=upload.institute_id, agency_id=upload.agency_id, site_id=upload.site_id
    )
    envelope = Envelope.wrap(
        event,
        producer=ingest.settings.service_name,
        tenant=tenant,
        correlation_id=correlation_id.get(),
    )
    await add_to_outbox(conn, envelope, event, ingest.settings.topic_prefix)
    await repository.set_status(conn, upload.upload_id, Status.COMPLETED)
    await conn.commit()
    ingest.wake_relay()
    ingest.hashes.forget(upload.upload_id)
    with contextlib.suppress(StorageUnavailableError):  # a leftover tail is harmless (and tiny)
        await ingest.storage.remove_tail(upload.upload_id)
    metrics.UPLOADS.labels("completed").inc()
    log.info("footage_uploaded", footage_id=str(upload.footage_id), size=upload.length)
    return _reloaded(upload, Status.COMPLETED, None)


def _reloaded(upload: Upload, status: Status, duplicate_of: Any) -> Upload:
    return replace(upload, status=status, duplicate_of=duplicate_of)
