"""The transcode FastAPI application: the lifespan over the dependencies `bootstrap.py`
builds.

The HTTP side only offers health, readiness and metrics; the work happens inside the same
lifespan: the intake consumer group queues jobs (footage.uploaded, clip.requested), every
process's job runner claims the next one, and, in one process of all, the footage lifecycle
runs: its consumer group and the erasure runner.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from fastapi import FastAPI
from spincore.lifespan import alongside
from spincore.service_app import create_service_app

from spin_transcode.adapters.erasing import StorageEraser
from spin_transcode.adapters.workspace import scratch_root, sweep_abandoned
from spin_transcode.bootstrap import bootstrap
from spin_transcode.service import erasure, runner
from spin_transcode.service.context import Clock, utc_now
from spin_transcode.settings import TranscodeSettings

MIGRATIONS = "spin_transcode:migrations"


def create_app(settings: TranscodeSettings, clock: Clock = utc_now) -> FastAPI:
    """`clock`: what the retention rules take for now (tests move it on by days)."""
    built = bootstrap(settings, clock)
    runtime, ctx = built.runtime, built.ctx

    @contextlib.asynccontextmanager
    async def transcoding() -> AsyncIterator[None]:
        sweep_abandoned(scratch_root(settings.transcode_work_dir))
        dead_letter = built.intake.dead_letter
        async with built.intake.running(), alongside(runner.run_forever(ctx, dead_letter)):
            yield

    @contextlib.asynccontextmanager
    async def erasing() -> AsyncIterator[None]:
        eraser = StorageEraser(runtime.s3)
        try:
            async with alongside(erasure.run_forever(ctx, eraser)):
                yield
        finally:
            eraser.close()

    return create_service_app(
        runtime,
        title="SPIN VIG transcode",
        summary="renditions, posters, scrub previews and clips",
        migrations=MIGRATIONS,
        parts=[transcoding],
        one_process_parts=[built.lifecycle.running, erasing],
    )
