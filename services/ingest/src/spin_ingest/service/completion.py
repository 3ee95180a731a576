"""Completing an upload: verify, assemble under its final key, and announce it exactly once.

The footage row, the upload's new status and the `footage.uploaded` outbox row commit in one
transaction (the records' unit of work), so the event is published once the state is durable
and never twice.
"""

from __future__ import annotations

import contextlib
from dataclasses import replace
from typing import Any
from uuid import UUID

from spin_contracts.events.envelope import Envelope, Tenant
from spin_contracts.events.footage import FootageUploaded
from spincore.logging import correlation_id, get_logger

from spin_ingest.adapters.storage import StorageUnavailableError
from spin_ingest.domain import container
from spin_ingest.domain.container import Container
from spin_ingest.domain.refusals import Refusal
from spin_ingest.domain.upload import Status, Upload
from spin_ingest.service import metrics
from spin_ingest.service.closing import FinalRefusalError, end
from spin_ingest.service.ports import Ports

log = get_logger(__name__)


async def complete(ports: Ports, upload: Upload, hasher: Any | None) -> Upload:
    """The last byte arrived: the upload ends completed (or a duplicate), or refused."""
    found = container.sniff(upload.head)
    if found is None:
        await end(ports, upload, Status.FAILED)
        raise FinalRefusalError(
            Refusal.UNSUPPORTED_MEDIA, "this file is not a video this service accepts"
        )
    consent = await ports.records.consent_state(upload.case_code, upload.agency_id, ports.now())
    if not consent.allows_filming:
        await end(ports, upload, Status.FAILED)
        consent.require_filming(upload.case_code)
    sha256 = hasher.hexdigest() if hasher is not None else None
    if sha256 is not None:
        await _check_declared(ports, upload, sha256, assembled=False)
        twin = await ports.records.footage_with_hash(upload.agency_id, upload.case_code, sha256)
        if twin is not None:
            return await _duplicate(ports, upload, twin, assembled=False)
    await ports.blobs.complete(
        upload.object_key, upload.s3_upload_id, await ports.records.parts(upload.upload_id)
    )
    if sha256 is None:
        sha256 = await ports.blobs.sha256_of(upload.object_key)
        await _check_declared(ports, upload, sha256, assembled=True)
    return await _record_footage(ports, upload, sha256, found)


async def _check_declared(ports: Ports, upload: Upload, sha256: str, *, assembled: bool) -> None:
    if upload.declared_sha256 is None or upload.declared_sha256 == sha256:
        return
    await end(ports, upload, Status.FAILED, assembled=assembled)
    raise FinalRefusalError(
        Refusal.CHECKSUM_MISMATCH,
        "the received file's sha256 is %(received)s, not the declared %(declared)s: "
        "it was damaged on the way; upload it again",
        received=sha256,
        declared=upload.declared_sha256,
    )


async def _duplicate(ports: Ports, upload: Upload, twin: UUID | None, *, assembled: bool) -> Upload:
    await end(
        ports, upload, Status.COMPLETED, assembled=assembled, duplicate=True, duplicate_of=twin
    )
    return replace(upload, status=Status.COMPLETED, duplicate_of=twin)


async def _record_footage(ports: Ports, upload: Upload, sha256: str, found: Container) -> Upload:
    assert upload.length is not None
    now = ports.now()
    inserted = await ports.records.insert_footage(
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
        await ports.records.rollback()
        twin = await ports.records.footage_with_hash(upload.agency_id, upload.case_code, sha256)
        return await _duplicate(ports, upload, twin, assembled=True)
    event = FootageUploaded(
        footage_id=upload.footage_id,
        case_code=upload.case_code,
        filming_session_id=upload.filming_session_id,
        filmed_at=upload.filmed_at,
        uploaded_at=now,
        bucket=ports.bucket,
        object_key=upload.object_key,
        size_bytes=upload.length,
        sha256=sha256,
        container=found.value,
    )
    tenant = Tenant(
        institute_id=upload.institute_id, agency_id=upload.agency_id, site_id=upload.site_id
    )
    envelope = Envelope.wrap(
        event, producer=ports.producer, tenant=tenant, correlation_id=correlation_id.get()
    )
    await ports.publisher.stage(envelope, event)
    await ports.records.set_status(upload.upload_id, Status.COMPLETED)
    await ports.records.commit()
    ports.publisher.wake()
    ports.hashes.forget(upload.upload_id)
    with contextlib.suppress(StorageUnavailableError):  # a leftover tail is harmless (and tiny)
        await ports.blobs.remove_tail(upload.upload_id)
    metrics.UPLOADS.labels("completed").inc()
    log.info("footage_uploaded", footage_id=str(upload.footage_id), size=upload.length)
    return replace(upload, status=Status.COMPLETED, duplicate_of=None)
