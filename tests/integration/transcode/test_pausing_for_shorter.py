"""One real `spin-transcode` worker busy with a long source: short footage uploaded meanwhile
is not left to wait. The worker pauses the long job's ffmpeg (SIGSTOP), transcodes the short
one, then lets the long one go on; each is transcoded exactly once."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration.transcode import media
from tests.integration.transcode.harness import Outcomes, Uploader, until
from tests.integration.transcode.processes import worker
from tests.integration.transcode.test_fair_queue import settings_for, transcoded_order
from tests.support.isolation import Isolation

pytestmark = pytest.mark.integration


async def test_a_long_job_pauses_while_short_footage_is_transcoded(
    isolated: Isolation, tmp_path: Path
) -> None:
    settings = settings_for(isolated, tmp_path / "scratch")
    long_source = media.h264_mp4(tmp_path / "long-visit.mp4", size="1280x720", seconds=40)
    short_source = media.h264_mp4(tmp_path / "clip.mp4", seconds=2)
    uploader, outcomes = Uploader(settings), Outcomes(settings)
    await uploader.start()
    await outcomes.start()
    try:
        with worker(settings, tmp_path / "worker.log"):
            long_one = await uploader.upload(long_source)
            await until(
                lambda: bool(outcomes.of("footage.transcode_progress", long_one.footage_id)),
                timeout_s=180,
                what="the long job's first progress (it is running)",
            )
            short = await uploader.upload(short_source)
            await outcomes.first(short.footage_id, "footage.transcoded", timeout_s=120)
            assert not outcomes.of("footage.transcoded", long_one.footage_id)
            await outcomes.first(long_one.footage_id, "footage.transcoded", timeout_s=600)
    finally:
        await outcomes.stop()
        await uploader.stop()

    assert transcoded_order(outcomes) == [short.footage_id, long_one.footage_id]
