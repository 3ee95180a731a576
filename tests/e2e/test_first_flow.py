"""The first flow through the running stack, on the real servers:

consent event -> ingest's consent view; tus upload (HTTP) -> MinIO + footage.uploaded ->
transcode (ffmpeg, MinIO, PostgreSQL) -> footage.transcoded with playable renditions in MinIO.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path
from uuid import uuid4

import pytest
from aiokafka import AIOKafkaConsumer
from spin_contracts.claims import Role
from spin_contracts.events import Envelope, Tenant, decode
from spin_contracts.events.consent import ConsentGranted, ConsentPurpose
from spin_contracts.events.directory import SiteRegistered
from spin_contracts.events.footage import FootageTranscoded, FootageUploaded
from spin_contracts.topics import Topic, topic_name
from spincore.kafka import make_producer, publish

from tests.e2e.conftest import Stack
from tests.e2e.flows import await_upload_accepted, camera_file, minio
from tests.support.servers import kafka_of

pytestmark = pytest.mark.e2e
TENANT = Tenant(institute_id="spin-e2e", agency_id="agency-e2e", site_id="site-e2e")


def upload_metadata(case_code: str, path: Path) -> dict[str, str]:
    return {
        "case_code": case_code,
        "site": TENANT.site_id or "",
        "filming_session_id": "fs-e2e-1",
        "filmed_at": datetime.now(UTC).isoformat(),
        "filename": path.name,
        "device": "e2e phone",
    }


async def grant_filming_consent(stack: Stack, case_code: str) -> None:
    """The site and the consent, as the planner would announce them."""
    producer = make_producer(kafka_of(stack.env), "e2e")
    await producer.start()
    try:
        site = SiteRegistered(
            site_id=TENANT.site_id or "", agency_id=TENANT.agency_id or "", name="E2E site"
        )
        event = ConsentGranted(
            consent_id=uuid4(),
            case_code=case_code,
            purpose=ConsentPurpose.FILMING,
            granted_at=datetime.now(UTC),
        )
        for announced in (site, event):
            envelope = Envelope.wrap(announced, producer="e2e", tenant=TENANT)
            await publish(producer, envelope, announced)
    finally:
        await producer.stop()


async def footage_events(
    stack: Stack, case_code: str, wanted: set[str], timeout_s: float = 180
) -> dict[str, object]:
    consumer = AIOKafkaConsumer(
        topic_name(Topic.FOOTAGE),
        **kafka_of(stack.env).client_options(),
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    seen: dict[str, object] = {}
    deadline = time.monotonic() + timeout_s
    try:
        while not wanted <= set(seen) and time.monotonic() < deadline:
            batch = await consumer.getmany(timeout_ms=500)
            for record in (r for records in batch.values() for r in records):
                envelope, event = decode(record.value)
                if getattr(event, "case_code", None) == case_code:
                    seen[envelope.event_type] = event
    finally:
        await consumer.stop()
    return seen


async def test_an_upload_becomes_playable_footage(stack: Stack, tmp_path: Path) -> None:
    case_code = f"E2E-{uuid4().hex[:8].upper()}"
    token = stack.issuer.mint(
        subject="e2e-site",
        role=Role.SITE_UPLOADER,
        institute_id=TENANT.institute_id,
        agency_id=TENANT.agency_id,
        site_id=TENANT.site_id,
    )
    await grant_filming_consent(stack, case_code)
    path = camera_file(tmp_path)

    head = await_upload_accepted(stack, token, path, upload_metadata(case_code, path))
    assert head.headers["Upload-Offset"] == str(path.stat().st_size)

    events = await footage_events(stack, case_code, {"footage.uploaded", "footage.transcoded"})
    uploaded, transcoded = events.get("footage.uploaded"), events.get("footage.transcoded")
    assert isinstance(uploaded, FootageUploaded), f"no footage.uploaded: {events}"
    assert isinstance(transcoded, FootageTranscoded), f"no footage.transcoded: {events}"
    assert transcoded.footage_id == uploaded.footage_id
    assert uploaded.size_bytes == path.stat().st_size
    assert uploaded.object_key.startswith(f"raw/{TENANT.agency_id}/{TENANT.site_id}/")
    assert case_code not in uploaded.object_key
    assert abs(transcoded.metadata.duration_s - 3) < 0.5

    s3 = minio(stack)
    for key in [r.key for r in transcoded.renditions] + [transcoded.poster_key]:
        assert (s3.stat_object(transcoded.bucket, key).size or 0) > 0
