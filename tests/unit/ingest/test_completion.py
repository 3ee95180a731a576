"""Upload completion against in-memory records, blobs and publisher (no servers)."""

from __future__ import annotations

import hashlib
from uuid import uuid4

import pytest
from spin_contracts.events.footage import FootageUploaded
from spin_ingest.domain.refusals import Refusal, RefusalError
from spin_ingest.domain.upload import Status
from spin_ingest.service.closing import FinalRefusalError
from spin_ingest.service.completion import complete

from tests.unit.ingest.fakes import MP4_HEAD, NOW, World, a_world, an_upload

CONTENT = MP4_HEAD + b"the rest of a short film" * 40
SHA = hashlib.sha256(CONTENT).hexdigest()


def consented(world: World) -> World:
    world.records.consents.append((NOW.replace(year=2025), None, None))
    return world


def staged_parts(world: World, key: str) -> None:
    world.blobs.parts[key] = [CONTENT[:100], CONTENT[100:]]


def running_hash() -> object:
    return hashlib.sha256(CONTENT)


async def test_a_completed_upload_is_recorded_and_announced_once_committed() -> None:
    world = consented(a_world())
    upload = an_upload(CONTENT, declared_sha256=SHA)
    staged_parts(world, upload.object_key)
    world.blobs.tails.add(upload.upload_id)

    done = await complete(world.ports, upload, running_hash())

    assert done.status is Status.COMPLETED
    assert done.duplicate_of is None
    assert world.blobs.objects[upload.object_key] == CONTENT
    assert world.records.statuses[upload.upload_id] == (Status.COMPLETED, None)
    [row] = world.records.footage
    assert (row["sha256"], row["container"], row["size_bytes"]) == (SHA, "mp4", len(CONTENT))
    [event] = world.publisher.published
    assert isinstance(event, FootageUploaded)
    assert (event.footage_id, event.sha256, event.bucket) == (
        upload.footage_id,
        SHA,
        "spin-footage",
    )
    assert world.records.commits == 1
    assert world.publisher.wakes == 1
    assert world.hashes.forgotten == [upload.upload_id]
    assert upload.upload_id not in world.blobs.tails


async def test_without_a_running_hash_the_stored_object_is_hashed() -> None:
    world = consented(a_world())
    upload = an_upload(CONTENT)
    staged_parts(world, upload.object_key)

    await complete(world.ports, upload, None)

    assert world.records.footage[0]["sha256"] == SHA


async def test_a_file_that_is_no_video_is_refused_and_its_parts_dropped() -> None:
    world = consented(a_world())
    upload = an_upload(b"just some text, no film" * 30)
    staged_parts(world, upload.object_key)

    with pytest.raises(FinalRefusalError) as refused:
        await complete(world.ports, upload, None)

    assert refused.value.refusal is Refusal.UNSUPPORTED_MEDIA
    assert world.blobs.aborted == [upload.object_key]
    assert world.records.statuses[upload.upload_id] == (Status.FAILED, None)
    assert world.publisher.published == []
    assert world.records.footage == []


@pytest.mark.parametrize("withdrawn", [False, True])
async def test_footage_without_filming_consent_is_refused(withdrawn: bool) -> None:
    world = a_world()
    if withdrawn:
        world.records.consents.append((NOW.replace(year=2025), None, NOW.replace(month=1)))
    upload = an_upload(CONTENT)
    staged_parts(world, upload.object_key)

    with pytest.raises(RefusalError) as refused:
        await complete(world.ports, upload, running_hash())

    assert refused.value.refusal is Refusal.FORBIDDEN
    assert ("withdrawn" in refused.value.message) is withdrawn
    assert world.records.statuses[upload.upload_id] == (Status.FAILED, None)
    assert world.blobs.objects == {}
    assert world.publisher.published == []


@pytest.mark.parametrize("hashed_on_the_way", [True, False])
async def test_a_damaged_file_is_refused_by_its_declared_checksum(hashed_on_the_way: bool) -> None:
    world = consented(a_world())
    upload = an_upload(CONTENT, declared_sha256="0" * 64)
    staged_parts(world, upload.object_key)

    with pytest.raises(FinalRefusalError) as refused:
        await complete(world.ports, upload, running_hash() if hashed_on_the_way else None)

    assert refused.value.refusal is Refusal.CHECKSUM_MISMATCH
    assert world.records.statuses[upload.upload_id] == (Status.FAILED, None)
    # Parts are aborted before assembly; an assembled object is removed.
    assert (world.blobs.aborted == [upload.object_key]) is hashed_on_the_way
    assert world.blobs.objects == {}
    assert world.publisher.published == []


async def test_the_same_file_twice_completes_as_a_duplicate_without_an_event() -> None:
    world = consented(a_world())
    twin = uuid4()
    world.records.footage.append(
        {"footage_id": twin, "agency_id": "agency-1", "case_code": "C-2026-001", "sha256": SHA}
    )
    upload = an_upload(CONTENT)
    staged_parts(world, upload.object_key)

    done = await complete(world.ports, upload, running_hash())

    assert (done.status, done.duplicate_of) == (Status.COMPLETED, twin)
    assert world.records.statuses[upload.upload_id] == (Status.COMPLETED, twin)
    assert world.blobs.aborted == [upload.object_key]
    assert world.blobs.objects == {}
    assert world.publisher.published == []
    assert len(world.records.footage) == 1


async def test_a_twin_committed_meanwhile_makes_the_assembled_file_a_duplicate() -> None:
    world = consented(a_world())
    twin = uuid4()
    world.records.race_twin = {
        "footage_id": twin,
        "agency_id": "agency-1",
        "case_code": "C-2026-001",
        "sha256": SHA,
    }
    upload = an_upload(CONTENT)
    staged_parts(world, upload.object_key)

    done = await complete(world.ports, upload, running_hash())

    assert done.duplicate_of == twin
    assert world.records.statuses[upload.upload_id] == (Status.COMPLETED, twin)
    assert upload.object_key not in world.blobs.objects
    assert world.publisher.staged == []
    assert world.publisher.wakes == 0
