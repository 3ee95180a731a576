"""How long a withdrawn filming consent takes to stop a running transcode (part of
`bench.erasure`): the service runs in this process; the clock runs from publishing
consent.withdrawn to receiving the footage's footage.failed."""

from __future__ import annotations

import asyncio
import subprocess
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from uuid import uuid4

from aiokafka import AIOKafkaConsumer
from spin_contracts.events import Envelope, Tenant, decode
from spin_contracts.events.consent import ConsentPurpose, ConsentWithdrawn
from spin_contracts.topics import Topic, topic_name
from spin_transcode.api.app import create_app
from spin_transcode.settings import TranscodeSettings
from spincore.kafka import make_producer, publish
from spincore.storage import make_s3

from bench.uploaded import footage_uploaded

TENANT = Tenant(institute_id="bench", agency_id="agency-b", site_id="site-b")
CASE = "BENCH-0002"


def _source(folder: Path) -> Path:
    path = folder / "visit.mp4"
    subprocess.run(
        [
            *("ffmpeg", "-hide_banner", "-loglevel", "error", "-y"),
            *("-f", "lavfi", "-i", "testsrc2=size=960x540:rate=25:duration=120"),
            *("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(path)),
        ],
        check=True,
    )
    return path


async def _until(outcomes: AIOKafkaConsumer, footage_id: str, event_type: str) -> None:
    async for record in outcomes:
        envelope, _ = decode(record.value or b"")
        if envelope.event_type == event_type and envelope.payload["footage_id"] == footage_id:
            return


async def stop_running_s(base: TranscodeSettings) -> float:
    settings = base.model_copy(update={"transcode_progress_step": 1})
    s3 = make_s3(settings)
    footage_id = uuid4()
    key = f"raw/agency-b/site-b/{footage_id}"
    with tempfile.TemporaryDirectory(prefix="bench-erasure-") as folder:
        source = await asyncio.to_thread(_source, Path(folder))
        await asyncio.to_thread(s3.fput_object, settings.s3_bucket, key, str(source))
        uploaded = await asyncio.to_thread(
            footage_uploaded, footage_id, settings.s3_bucket, key, source, CASE
        )
    app = create_app(settings)
    producer = make_producer(settings.kafka, "bench-erasure")
    outcomes = AIOKafkaConsumer(
        topic_name(Topic.FOOTAGE, settings.topic_prefix),
        topic_name(Topic.FOOTAGE_PROGRESS, settings.topic_prefix),
        **settings.kafka.client_options(),
        auto_offset_reset="earliest",
    )
    async with app.router.lifespan_context(app):
        await producer.start()
        await outcomes.start()
        try:
            envelope = Envelope.wrap(uploaded, producer="ingest", tenant=TENANT)
            await publish(producer, envelope, uploaded, settings.topic_prefix)
            await _until(outcomes, str(footage_id), "footage.transcode_progress")
            withdrawn = ConsentWithdrawn(
                consent_id=uuid4(),
                case_code=CASE,
                purpose=ConsentPurpose.FILMING,
                withdrawn_at=datetime.now(UTC),
            )
            asked = time.perf_counter()
            envelope = Envelope.wrap(withdrawn, producer="planner", tenant=TENANT)
            await publish(producer, envelope, withdrawn, settings.topic_prefix)
            await asyncio.wait_for(_until(outcomes, str(footage_id), "footage.failed"), 60)
            return time.perf_counter() - asked
        finally:
            await outcomes.stop()
            await producer.stop()
