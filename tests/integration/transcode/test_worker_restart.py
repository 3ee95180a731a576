"""The real `spin-transcode` process, SIGKILLed mid-transcode and restarted, finishes the job
exactly once: one footage.transcoded event, outputs in place, the dead worker's scratch gone."""

from __future__ import annotations

import os
import signal
from pathlib import Path
from uuid import UUID

import pytest
from spin_contracts.events.footage import FootageTranscodeProgress
from spin_contracts.topics import Topic
from spin_transcode.adapters.tables import JOBS
from spin_transcode.adapters.workspace import PREFIX
from spin_transcode.bootstrap import CONSUMER
from spin_transcode.settings import TranscodeSettings
from spincore.db import make_engine
from sqlalchemy import select

from tests.integration.transcode import media
from tests.integration.transcode.harness import Outcomes, Uploader, consumed_everything, until
from tests.integration.transcode.processes import worker
from tests.support.http import free_port
from tests.support.isolation import Isolation

pytestmark = pytest.mark.integration


async def test_worker_killed_mid_transcode_completes_the_job_once_after_restart(
    isolated: Isolation, tmp_path: Path
) -> None:
    scratch = tmp_path / "scratch"
    settings = isolated.settings(
        TranscodeSettings,
        http_port=free_port(),
        transcode_workers=1,
        transcode_threads=1,
        transcode_preset="medium",
        transcode_min_free_bytes=0,
        transcode_work_dir=scratch,
        log_level="WARNING",
    )
    source = media.h264_mp4(tmp_path / "long-visit.mp4", size="1280x720", seconds=40)
    uploader, outcomes = Uploader(settings), Outcomes(settings)
    await uploader.start()
    await outcomes.start()
    log = tmp_path / "worker.log"
    try:
        with worker(settings, log) as first:
            uploaded = await uploader.upload(source)
            await until(
                lambda: bool(outcomes.of("footage.transcode_progress", uploaded.footage_id)),
                timeout_s=180,
                what=f"progress before the kill; worker log:\n{log.read_text()[-3000:]}",
            )
            os.killpg(first.pid, signal.SIGKILL)
            first.wait(10)
        assert outcomes.of("footage.transcoded", uploaded.footage_id) == []
        (left_behind,) = scratch.iterdir()
        assert left_behind.name.startswith(f"{PREFIX}{first.pid}-")

        with worker(settings, log):
            await outcomes.first(uploaded.footage_id, "footage.transcoded", timeout_s=300)
            await until(
                lambda: consumed_everything(settings, Topic.FOOTAGE, CONSUMER),
                what="the upload to be committed",
            )
    finally:
        await outcomes.stop()
        await uploader.stop()

    await _transcoded_once(settings, uploader, outcomes, uploaded.footage_id)
    assert list(scratch.iterdir()) == []  # the restarted worker swept the dead one's folder


async def _transcoded_once(
    settings: TranscodeSettings,
    uploader: Uploader,
    outcomes: Outcomes,
    footage_id: UUID,
) -> None:
    """One footage.transcoded, whole renditions, and the job done at its second try."""
    assert len(outcomes.of("footage.transcoded", footage_id)) == 1
    progress = outcomes.of("footage.transcode_progress", footage_id)
    assert all(isinstance(p, FootageTranscodeProgress) and p.percent % 10 == 0 for p in progress)
    assert sorted(uploader.etags(f"renditions/{footage_id}/")) == [
        f"renditions/{footage_id}/{name}"
        for name in ("360p.mp4", "720p.mp4", "poster.jpg", "sprite.jpg", "thumbnails.vtt")
    ]
    engine = make_engine(settings)
    try:
        async with engine.connect() as conn:
            row = (await conn.execute(select(JOBS.c.status, JOBS.c.attempts))).one()
    finally:
        await engine.dispose()
    assert (row.status, row.attempts) == ("ready", 2)
