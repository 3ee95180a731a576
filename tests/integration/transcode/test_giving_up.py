"""A job that keeps failing is retried with backoff, then dead-lettered, and ends in
footage.failed carrying the last lines of ffmpeg's error output."""

from __future__ import annotations

from pathlib import Path

import pytest
from spin_contracts.events.footage import FootageFailed
from spin_transcode.api.app import create_app
from spin_transcode.settings import TranscodeSettings

from tests.integration.transcode import media
from tests.integration.transcode.harness import Outcomes, Uploader, until
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
    assert failed.reason.startswith(
        "Processing stopped after 3 attempts while converting the video."
    )
    assert "no-such-preset" in failed.detail
    assert "http" not in failed.detail  # presigned URLs (temporary credentials) stay private
    (letter,) = outcomes.dead_letters
    assert (letter["attempts"], letter["consumer"]) == (3, "transcode")
    assert list((tmp_path / "scratch").iterdir()) == []
