"""Two real `spin-transcode` processes share one job queue: short footage uploaded with a long
one is transcoded while the long one runs, a worker killed by pid mid-job leaves its job to
the other, which finishes it exactly once, and clips requested while one worker restarts (its
consumer group rebalancing) are each rendered once, before the long transcode ends."""

from __future__ import annotations

import os
import signal
from collections.abc import AsyncIterator
from contextlib import ExitStack, asynccontextmanager
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import pytest
from spin_contracts.events.footage import ClipRequested, ClipSegment
from spin_transcode.adapters.tables import JOBS
from spin_transcode.settings import TranscodeSettings
from spincore.db import make_engine
from sqlalchemy import select

from tests.integration.transcode import media
from tests.integration.transcode.harness import Outcomes, Uploader, until
from tests.integration.transcode.processes import worker
from tests.support.http import free_port
from tests.support.isolation import Isolation

pytestmark = pytest.mark.integration


def settings_for(isolated: Isolation, scratch: Path) -> TranscodeSettings:
    return isolated.settings(
        TranscodeSettings,
        http_port=free_port(),
        transcode_workers=1,
        transcode_threads=1,
        transcode_preset="medium",  # the long source runs for a while even on a fast machine
        transcode_min_free_bytes=0,
        transcode_work_dir=scratch,
        transcode_lease_s=3.0,
        log_level="WARNING",
    )


@asynccontextmanager
async def two_workers(isolated: Isolation, tmp_path: Path) -> AsyncIterator[dict[str, Any]]:
    """Two worker processes (own HTTP ports, one queue), an uploader and the outcomes."""
    first = settings_for(isolated, tmp_path / "scratch")
    second = first.model_copy(update={"http_port": free_port()})
    uploader, outcomes = Uploader(first), Outcomes(first)
    await uploader.start()
    await outcomes.start()
    log = tmp_path / "workers.log"
    try:
        with ExitStack() as stack:
            processes = [stack.enter_context(worker(s, log)) for s in (first, second)]
            yield {
                "settings": first,
                "uploader": uploader,
                "outcomes": outcomes,
                "processes": processes,
                "log": log,
            }
    finally:
        await outcomes.stop()
        await uploader.stop()


async def job_row(settings: TranscodeSettings, footage_id: UUID) -> Any:
    engine = make_engine(settings)
    try:
        async with engine.connect() as conn:
            query = select(JOBS.c.status, JOBS.c.attempts, JOBS.c.claimed_by)
            return (await conn.execute(query.where(JOBS.c.job_id == footage_id))).one()
    finally:
        await engine.dispose()


def transcoded_order(outcomes: Outcomes) -> list[UUID]:
    return [
        event.footage_id  # type: ignore[attr-defined]
        for envelope, event in outcomes.events
        if envelope.event_type == "footage.transcoded"
    ]


async def test_short_footage_is_transcoded_while_a_long_one_runs(
    isolated: Isolation, tmp_path: Path
) -> None:
    long_source = media.h264_mp4(tmp_path / "long-visit.mp4", size="1280x720", seconds=40)
    short_sources = [media.h264_mp4(tmp_path / f"clip-{n}.mp4", seconds=2) for n in range(4)]
    async with two_workers(isolated, tmp_path) as run:
        uploader, outcomes = run["uploader"], run["outcomes"]
        long_one = await uploader.upload(long_source)
        shorts = [await uploader.upload(path) for path in short_sources]
        await outcomes.first(
            long_one.footage_id, "footage.transcoded", "footage.failed", timeout_s=600
        )
        for short in shorts:
            await outcomes.first(short.footage_id, "footage.transcoded", timeout_s=60)

    order = transcoded_order(outcomes)
    assert order.index(long_one.footage_id) == len(shorts), order  # every short one came first
    assert sorted(map(str, order)) == sorted(str(f.footage_id) for f in [long_one, *shorts])


async def test_a_worker_killed_by_pid_mid_job_leaves_the_job_to_the_other(
    isolated: Isolation, tmp_path: Path
) -> None:
    source = media.h264_mp4(tmp_path / "long-visit.mp4", size="1280x720", seconds=40)
    async with two_workers(isolated, tmp_path) as run:
        settings, uploader, outcomes = run["settings"], run["uploader"], run["outcomes"]
        uploaded = await uploader.upload(source)
        await until(
            lambda: bool(outcomes.of("footage.transcode_progress", uploaded.footage_id)),
            timeout_s=180,
            what=f"progress before the kill; log:\n{run['log'].read_text()[-3000:]}",
        )
        holder = (await job_row(settings, uploaded.footage_id)).claimed_by
        pid = int(holder.rsplit(":", 1)[1])
        (victim,) = [p for p in run["processes"] if p.pid == pid]
        os.killpg(victim.pid, signal.SIGKILL)  # the worker and its ffmpeg
        victim.wait(10)
        await outcomes.first(uploaded.footage_id, "footage.transcoded", timeout_s=600)
        (survivor,) = [p for p in run["processes"] if p.pid != pid]
        assert survivor.poll() is None

    assert len(outcomes.of("footage.transcoded", uploaded.footage_id)) == 1
    row = await job_row(settings, uploaded.footage_id)
    assert (row.status, row.attempts) == ("ready", 2)
    assert row.claimed_by.endswith(f":{survivor.pid}")


async def test_clips_requested_during_a_worker_restart_are_rendered_once_before_long_footage(
    isolated: Isolation, tmp_path: Path
) -> None:
    long_source = media.h264_mp4(tmp_path / "long-visit.mp4", size="1280x720", seconds=40)
    short_source = media.h264_mp4(tmp_path / "review.mp4", seconds=3)
    async with two_workers(isolated, tmp_path) as run:
        uploader, outcomes = run["uploader"], run["outcomes"]
        short = await uploader.upload(short_source)
        await outcomes.first(short.footage_id, "footage.transcoded", timeout_s=120)
        long_one = await uploader.upload(long_source)
        await until(
            lambda: bool(outcomes.of("footage.transcode_progress", long_one.footage_id)),
            timeout_s=180,
            what="the long transcode under way",
        )
        restarted = run["processes"][1]
        os.killpg(restarted.pid, signal.SIGTERM)  # stopping on purpose: the group rebalances
        requests = [clip_request(short) for _ in range(3)]
        for request in requests:
            await uploader.announce(request, producer="planner")
        restarted.wait(30)
        with worker(run["settings"].model_copy(update={"http_port": free_port()}), run["log"]):
            for request in requests:
                await outcomes.first(
                    request.request_id, "clip.rendered", "clip.failed", timeout_s=240
                )
            await outcomes.first(long_one.footage_id, "footage.transcoded", timeout_s=600)

    for request in requests:
        assert [e.event_type for e in outcome_envelopes(outcomes, request.request_id)] == [
            "clip.rendered"
        ]
    order = [
        (envelope.event_type, getattr(event, "footage_id", None))
        for envelope, event in outcomes.events
    ]
    long_done = order.index(("footage.transcoded", long_one.footage_id))
    rendered = [i for i, (kind, _) in enumerate(order) if kind == "clip.rendered"]
    assert max(rendered) < long_done, "the clips waited for the long footage"


def clip_request(uploaded: Any) -> ClipRequested:
    return ClipRequested(
        request_id=uuid4(),
        footage_id=uploaded.footage_id,
        case_code=uploaded.case_code,
        clips=[ClipSegment(clip_id=uuid4(), start_s=0.5, end_s=1.5)],
        reel=False,
    )


def outcome_envelopes(outcomes: Outcomes, request_id: UUID) -> list[Any]:
    return [
        envelope
        for envelope, event in outcomes.events
        if envelope.event_type in ("clip.rendered", "clip.failed")
        and getattr(event, "request_id", None) == request_id
    ]
