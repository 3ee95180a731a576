"""A job that keeps failing is retried with backoff, then dead-lettered, and ends in
footage.failed carrying the last lines of ffmpeg's error output."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import uuid4

import pytest
from spin_contracts.events import Envelope
from spin_contracts.events.failures import FailureCode
from spin_contracts.events.footage import FootageFailed, FootageUploaded
from spin_transcode.adapters.tables import JOBS
from spin_transcode.api.app import create_app
from spin_transcode.settings import TranscodeSettings
from spincore.db import make_engine
from sqlalchemy import func, insert

from tests.integration.transcode import media
from tests.integration.transcode.harness import CASE, TENANT, Outcomes, Uploader, until
from tests.support.http import serving
from tests.support.isolation import Isolation

pytestmark = pytest.mark.integration


async def test_ffmpeg_failing_every_attempt_ends_in_footage_failed_with_its_stderr(
    isolated: Isolation, tmp_path: Path
) -> None:
    settings = isolated.settings(
        TranscodeSettings,
        transcode_workers=1,
        transcode_preset="no-such-preset",  # the encoder refuses to open, every time
        transcode_max_attempts=3,
        transcode_first_backoff_s=0.1,
        transcode_min_free_bytes=0,
        transcode_work_dir=tmp_path / "scratch",
    )
    uploader, outcomes = Uploader(settings), Outcomes(settings)
    await uploader.start()
    await outcomes.start()
    try:
        async with serving(create_app(settings)):
            uploaded = await uploader.upload(media.h264_mp4(tmp_path / "visit.mp4", seconds=1))
            failed = await outcomes.first(uploaded.footage_id, "footage.failed")
            await until(lambda: bool(outcomes.dead_letters), what="the dead letter")
    finally:
        await outcomes.stop()
        await uploader.stop()

    assert isinstance(failed, FootageFailed)
    assert (failed.stage, failed.attempts) == ("transcode", 3)
    # A code and its values for readers to word in their language; English words for older ones.
    assert (failed.reason_code, failed.short_of_disk) == (FailureCode.GAVE_UP, False)
    assert failed.reason.startswith(
        "Processing stopped after 3 attempts while converting the video."
    )
    assert "no-such-preset" in failed.detail
    assert "http" not in failed.detail  # presigned URLs (temporary credentials) stay private
    (letter,) = outcomes.dead_letters
    assert (letter["attempts"], letter["consumer"]) == (3, "transcode")
    assert list((tmp_path / "scratch").iterdir()) == []


async def test_a_job_whose_worker_died_on_every_attempt_ends_in_footage_failed(
    isolated: Isolation, tmp_path: Path
) -> None:
    """A poison file that kills its worker: once the last attempt's lease runs out, the job is
    not run again but failed and dead-lettered."""
    settings = isolated.settings(
        TranscodeSettings,
        transcode_workers=1,
        transcode_max_attempts=3,
        transcode_min_free_bytes=0,
        transcode_work_dir=tmp_path / "scratch",
    )
    uploader, outcomes = Uploader(settings), Outcomes(settings)
    await uploader.start()
    await outcomes.start()
    uploaded = FootageUploaded.model_validate(
        {
            "footage_id": uuid4(), "case_code": CASE, "filming_session_id": "session-1",
            "filmed_at": datetime.now(UTC), "uploaded_at": datetime.now(UTC),
            "bucket": settings.s3_bucket, "object_key": "uploads/poison.mp4",
            "size_bytes": 1, "sha256": "0" * 64, "container": "mp4",
        }
    )  # fmt: skip
    envelope = Envelope.wrap(uploaded, producer="ingest", tenant=TENANT)
    engine = make_engine(settings)
    try:
        async with serving(create_app(settings)):
            async with engine.begin() as conn:  # as the third dead worker left it
                await conn.execute(
                    insert(JOBS).values(
                        job_id=uploaded.footage_id, kind="footage",
                        footage_id=uploaded.footage_id, status="running", attempts=3,
                        envelope=envelope.model_dump(mode="json"), weight_s=1.0,
                        queued_at=func.now(), claimed_by="gone:1",
                        lease_until=func.now() - timedelta(seconds=1),
                    )
                )  # fmt: skip
            failed = await outcomes.first(uploaded.footage_id, "footage.failed")
            await until(lambda: bool(outcomes.dead_letters), what="the dead letter")
    finally:
        await engine.dispose()
        await outcomes.stop()
        await uploader.stop()

    assert isinstance(failed, FootageFailed)
    assert (failed.stage, failed.attempts) == ("transcode", 3)
    (letter,) = outcomes.dead_letters
    assert (letter["attempts"], letter["consumer"]) == (3, "transcode")
