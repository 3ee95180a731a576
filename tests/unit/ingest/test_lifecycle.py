"""Expiring and cancelling uploads against in-memory records and storage (no servers)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from spin_contracts.claims import Principal, Role
from spin_ingest.domain.refusals import Refusal, RefusalError
from spin_ingest.domain.upload import Status, Upload
from spin_ingest.service.lifecycle import expire_abandoned, terminate

from tests.unit.ingest.fake_database import FakeDatabase, FakeStorage, an_ingest
from tests.unit.ingest.fakes import an_upload


def a_stored_upload(
    database: FakeDatabase,
    storage: FakeStorage,
    expires_in: timedelta,
    status: Status = Status.RECEIVING,
) -> Upload:
    expires_at = datetime.now(UTC) + expires_in
    upload = replace(an_upload(b"x" * 10), expires_at=expires_at, status=status)
    database.records.uploads[upload.upload_id] = upload
    storage.parts[upload.object_key] = [b"x" * 10]
    storage.tails.add(upload.upload_id)
    return upload


def uploader(agency: str = "agency-1") -> Principal:
    return Principal(
        subject="uploader-1",
        role=Role.SITE_UPLOADER,
        institute_id="inst-1",
        agency_id=agency,
        site_id="site-1",
        token_id="token-1",
    )


async def test_an_abandoned_upload_expires_and_its_storage_is_given_back() -> None:
    ingest, database, storage = an_ingest()
    gone = a_stored_upload(database, storage, -timedelta(minutes=5))
    kept = a_stored_upload(database, storage, timedelta(hours=1))

    assert await expire_abandoned(ingest) == 1

    assert database.records.statuses == {gone.upload_id: (Status.EXPIRED, None)}
    assert storage.aborted == [gone.object_key]
    assert storage.tails == {kept.upload_id}


async def test_an_upload_a_request_is_writing_to_is_left_for_the_next_sweep() -> None:
    ingest, database, storage = an_ingest()
    busy = a_stored_upload(database, storage, -timedelta(minutes=5))
    database.busy.add(busy.upload_id)

    assert await expire_abandoned(ingest) == 0

    assert (database.records.statuses, storage.aborted) == ({}, [])


async def test_an_upload_finished_since_it_was_listed_is_not_expired() -> None:
    ingest, database, storage = an_ingest()
    upload = a_stored_upload(database, storage, -timedelta(minutes=5))
    listed = database.records.expired

    async def then_completed(now: datetime) -> list[Upload]:
        candidates = await listed(now)
        database.records.uploads[upload.upload_id] = replace(upload, status=Status.COMPLETED)
        return candidates

    database.records.expired = then_completed  # type: ignore[method-assign]

    assert await expire_abandoned(ingest) == 0
    assert storage.aborted == []


async def test_cancelling_ends_the_upload_terminated() -> None:
    ingest, database, storage = an_ingest()
    upload = a_stored_upload(database, storage, timedelta(hours=1))

    await terminate(ingest, uploader(), upload.upload_id)

    assert database.records.statuses == {upload.upload_id: (Status.TERMINATED, None)}
    assert storage.aborted == [upload.object_key]


@pytest.mark.parametrize(
    ("busy", "status", "agency", "refusal"),
    [
        (True, Status.RECEIVING, "agency-1", Refusal.BUSY),
        (False, Status.COMPLETED, "agency-1", Refusal.CONFLICT),
        (False, Status.RECEIVING, "agency-2", Refusal.NOT_FOUND),
    ],
)
async def test_what_cannot_be_cancelled_is_refused(
    busy: bool, status: Status, agency: str, refusal: Refusal
) -> None:
    ingest, database, storage = an_ingest()
    upload = a_stored_upload(database, storage, timedelta(hours=1), status=status)
    if busy:
        database.busy.add(upload.upload_id)

    with pytest.raises(RefusalError) as refused:
        await terminate(ingest, uploader(agency), upload.upload_id)

    assert refused.value.refusal is refusal
    assert (database.records.statuses, storage.aborted) == ({}, [])
