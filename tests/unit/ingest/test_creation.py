"""Creating an upload against in-memory records, publisher and storage (no servers)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from spin_contracts.claims import Principal, Role
from spin_contracts.events.footage import FootageUploadStarted
from spin_ingest.domain.metadata import encode_header
from spin_ingest.domain.refusals import Refusal, RefusalError
from spin_ingest.domain.upload import Status, Upload
from spin_ingest.service.creation import CreationRequest, create

from tests.unit.ingest.fake_database import FakeDatabase, an_ingest
from tests.unit.ingest.fakes import an_upload

AGENCY, SITE, CASE = "agency-1", "site-1", "C-2026-001"
UPLOADER = Principal(
    subject="uploader-1",
    role=Role.SITE_UPLOADER,
    institute_id="inst-1",
    agency_id=AGENCY,
    site_id=SITE,
    token_id="token-1",
)


def a_request(length: int = 1000, **metadata: str) -> CreationRequest:
    values = {
        "case_code": CASE,
        "site": SITE,
        "filming_session_id": "s-1",
        "filmed_at": (datetime.now(UTC) - timedelta(hours=2)).isoformat(),
        "filename": "bedtime.mp4",
        **metadata,
    }
    return CreationRequest(str(length), None, encode_header(values))


def an_open_upload(expires_in: timedelta) -> Upload:
    """An upload of the site, receiving, expiring `expires_in` from now (past when negative)."""
    return replace(an_upload(b"x" * 10), expires_at=datetime.now(UTC) + expires_in)


def a_known_site(database: FakeDatabase, *, consent: bool = True) -> None:
    database.records.sites[SITE] = AGENCY
    if consent:
        database.records.consents.append((datetime(2025, 1, 1, tzinfo=UTC), None, None))


async def test_an_upload_is_recorded_and_its_start_announced_once_committed() -> None:
    ingest, database, storage = an_ingest()
    a_known_site(database)

    created = await create(ingest, UPLOADER, a_request(1000))

    assert (created.status, created.length, created.offset) == (Status.RECEIVING, 1000, 0)
    assert (created.agency_id, created.site_id, created.case_code) == (AGENCY, SITE, CASE)
    assert storage.started == [created.object_key]
    assert created.s3_upload_id == "s3-1"
    assert database.records.uploads == {created.upload_id: created}
    [event] = database.publisher.published
    assert isinstance(event, FootageUploadStarted)
    assert (event.upload_id, event.footage_id) == (created.upload_id, created.footage_id)
    assert event.staging_prefix == f"staging/{created.upload_id}/"
    assert database.publisher.wakes == 1
    assert database.records.slot_locks == [(AGENCY, SITE)]


async def test_a_site_of_another_agency_is_refused_before_storage_is_touched() -> None:
    ingest, database, storage = an_ingest()
    database.records.sites[SITE] = "agency-2"

    with pytest.raises(RefusalError) as refused:
        await create(ingest, UPLOADER, a_request())

    assert refused.value.refusal is Refusal.FORBIDDEN
    assert (storage.started, database.records.uploads) == ([], {})


async def test_a_token_of_another_site_may_not_create_uploads_for_this_one() -> None:
    ingest, database, storage = an_ingest()
    a_known_site(database)

    with pytest.raises(RefusalError) as refused:
        await create(ingest, UPLOADER, a_request(site="site-2"))

    assert refused.value.refusal is Refusal.FORBIDDEN
    assert storage.started == []


async def test_without_filming_consent_nothing_is_started() -> None:
    ingest, database, storage = an_ingest()
    a_known_site(database, consent=False)

    with pytest.raises(RefusalError) as refused:
        await create(ingest, UPLOADER, a_request())

    assert refused.value.refusal is Refusal.FORBIDDEN
    assert refused.value.values == {"case_code": CASE}
    assert (storage.started, database.publisher.published) == ([], [])


async def test_a_full_site_refuses_and_gives_the_multipart_upload_back() -> None:
    ingest, database, storage = an_ingest(max_concurrent_uploads_per_site=1)
    a_known_site(database)
    held = an_open_upload(timedelta(hours=1))
    database.records.uploads[held.upload_id] = held

    with pytest.raises(RefusalError) as refused:
        await create(ingest, UPLOADER, a_request())

    assert refused.value.refusal is Refusal.TOO_MANY
    assert len(storage.started) == 1
    assert storage.aborted == storage.started
    assert list(database.records.uploads) == [held.upload_id]
    assert (database.publisher.published, database.publisher.wakes) == ([], 0)


async def test_an_expired_upload_holds_no_slot() -> None:
    ingest, database, _ = an_ingest(max_concurrent_uploads_per_site=1)
    a_known_site(database)
    old = an_open_upload(-timedelta(minutes=1))
    database.records.uploads[old.upload_id] = old

    created = await create(ingest, UPLOADER, a_request())

    assert set(database.records.uploads) == {old.upload_id, created.upload_id}


async def test_storage_away_is_a_refusal_to_retry_and_records_nothing() -> None:
    ingest, database, storage = an_ingest()
    a_known_site(database)
    storage.away = True

    with pytest.raises(RefusalError) as refused:
        await create(ingest, UPLOADER, a_request())

    assert refused.value.refusal is Refusal.STORAGE_UNAVAILABLE
    assert (database.records.uploads, database.records.slot_locks) == ({}, [])
