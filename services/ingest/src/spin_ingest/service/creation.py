"""Creating an upload (tus `creation`): metadata, tenancy, consent and limits checked first."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import uuid4

from spin_contracts.claims import Principal
from spin_contracts.events import Envelope, Tenant
from spin_contracts.events.footage import FootageUploadStarted
from spincore.logging import correlation_id, get_logger

from spin_ingest.adapters.storage import StorageUnavailableError, staging_key
from spin_ingest.domain import limits, metadata, protocol
from spin_ingest.domain.metadata import MISSING, FootageMetadata, InvalidMetadataError
from spin_ingest.domain.refusals import Refusal, RefusalError
from spin_ingest.domain.upload import Upload, object_key
from spin_ingest.service import metrics
from spin_ingest.service.context import Ingest
from spin_ingest.service.ports import Publisher, UploadRecords

log = get_logger(__name__)


@dataclass(frozen=True)
class CreationRequest:
    length: str | None
    defer_length: str | None
    metadata_header: str | None


def _tenant(principal: Principal, described: FootageMetadata) -> str:
    """The agency the upload is for; a token may only upload for its own agency and site."""
    agency = described.agency or principal.agency_id
    if agency is None:
        missing = InvalidMetadataError("agency", MISSING)
        raise RefusalError(Refusal.MALFORMED, missing.template, **missing.values)
    if not principal.may_act_for(agency, described.site):
        raise RefusalError(
            Refusal.FORBIDDEN, "this token may only create uploads for its own agency and site"
        )
    return agency


async def _require_own_site(records: UploadRecords, agency: str, site: str) -> None:
    """The site must be one of the agency's, as the directory announced it. Another agency's
    site and a site that does not exist get the same answer, so neither is confirmed."""
    if await records.agency_of_site(site) != agency:
        raise RefusalError(
            Refusal.FORBIDDEN,
            "agency %(agency)s has no site %(site)s: footage can only be uploaded for one of the "
            "agency's own sites (a newly registered site is known here within seconds)",
            agency=agency,
            site=site,
        )


def _described(header: str | None) -> FootageMetadata:
    try:
        return metadata.validate(metadata.parse_header(header))
    except InvalidMetadataError as error:
        raise RefusalError(Refusal.MALFORMED, error.template, **error.values) from error


async def create(ingest: Ingest, principal: Principal, request: CreationRequest) -> Upload:
    length = protocol.creation_length(
        request.length, request.defer_length, ingest.settings.max_upload_bytes
    )
    described = _described(request.metadata_header)
    agency = _tenant(principal, described)
    async with ingest.database.reading() as unit:
        await _require_own_site(unit.records, agency, described.site)
        consent = await unit.records.consent_state(described.case_code, agency, ingest.now())
    consent.require_filming(described.case_code)
    values = _upload_row(principal, agency, described, request.metadata_header, length)
    await _start_in_storage(ingest, values)
    await _take_a_slot(ingest, values)
    metrics.UPLOADS.labels("created").inc()
    log.info(
        "upload_created", upload_id=str(values["upload_id"]), site=described.site, length=length
    )
    async with ingest.database.reading() as unit:
        created = await unit.records.load(values["upload_id"])
    assert created is not None
    return created


def _upload_row(
    principal: Principal,
    agency: str,
    described: FootageMetadata,
    metadata_header: str | None,
    length: int | None,
) -> dict[str, Any]:
    """The new upload's row, but for its multipart upload and its expiry."""
    footage_id = uuid4()
    return {
        "upload_id": uuid4(),
        "footage_id": footage_id,
        "institute_id": principal.institute_id,
        "agency_id": agency,
        "site_id": described.site,
        "case_code": described.case_code,
        "filming_session_id": described.filming_session_id,
        "filmed_at": described.filmed_at,
        "filename": described.filename,
        "device": described.device,
        "declared_sha256": described.sha256,
        "metadata_header": metadata_header or "",
        "length": length,
        "object_key": object_key(agency, described.site, footage_id),
    }


async def _start_in_storage(ingest: Ingest, values: dict[str, Any]) -> None:
    try:
        values["s3_upload_id"] = await ingest.storage.start(values["object_key"])
    except StorageUnavailableError as error:
        raise ingest.storage_unavailable() from error
    values["expires_at"] = ingest.expires_at(started=False)


async def _take_a_slot(ingest: Ingest, values: dict[str, Any]) -> None:
    """Record the upload and announce it, unless its site already has as many open uploads
    as it may (the site's lock keeps two creations from both taking the last slot)."""
    site = values["site_id"]
    async with ingest.database.transaction() as unit:
        held = await unit.records.open_slots(values["agency_id"], site, ingest.now())
        full = len(held) >= ingest.settings.max_concurrent_uploads_per_site
        if not full:
            await unit.records.insert_upload(values)
            await _announce_start(ingest, unit.publisher, values)
    if full:
        await ingest.storage.abort(values["object_key"], values["s3_upload_id"])
        raise limits.site_is_full(site, held, ingest.now())
    unit.publisher.wake()


async def _announce_start(ingest: Ingest, publisher: Publisher, values: dict[str, Any]) -> None:
    """footage.upload_started with the row: whoever erases a case's footage must know what an
    unfinished upload holds in storage (a multipart upload, staging tails)."""
    event = FootageUploadStarted(
        footage_id=values["footage_id"],
        case_code=values["case_code"],
        upload_id=values["upload_id"],
        bucket=ingest.settings.s3_bucket,
        object_key=values["object_key"],
        staging_prefix=staging_key(values["upload_id"]).rsplit("/", 1)[0] + "/",
        started_at=ingest.now(),
    )
    tenant = Tenant(
        institute_id=values["institute_id"],
        agency_id=values["agency_id"],
        site_id=values["site_id"],
    )
    envelope = Envelope.wrap(
        event,
        producer=ingest.settings.service_name,
        tenant=tenant,
        correlation_id=correlation_id.get(),
    )
    await publisher.stage(envelope, event)
