"""The transcode FastAPI application: the service's one wiring place.

The HTTP side only offers health, readiness and metrics; the work happens in the Faust agents
that run inside the same lifespan (footage.uploaded only queues a job: every process's job
runner claims the next one), and, in one process of all, the footage lifecycle: its
consumer group and the erasure runner.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from functools import partial
from typing import Any

import faust
from fastapi import FastAPI
from spin_contracts.topics import Topic
from spincore.consumer import GroupConsumer
from spincore.lifespan import alongside
from spincore.runtime import Runtime
from spincore.service_app import create_service_app
from spincore.streams import StreamConsumer, make_stream_app, running

from spin_transcode.adapters.erasing import StorageEraser
from spin_transcode.adapters.storage import FootageStore
from spin_transcode.adapters.workspace import scratch_root, sweep_abandoned
from spin_transcode.service import erasure, lifecycle, runner
from spin_transcode.service.clips import give_up_clips, handle_clip_request
from spin_transcode.service.context import Clock, TranscodeContext, utc_now
from spin_transcode.service.footage import handle_uploaded
from spin_transcode.settings import TranscodeSettings

MIGRATIONS = "spin_transcode:migrations"
CONSUMER = "transcode"


def stream_app(ctx: TranscodeContext) -> tuple[faust.App, StreamConsumer]:
    settings = ctx.settings
    app = make_stream_app(settings, CONSUMER)
    # A killed worker's partitions move to the others after this long, not Faust's 60 s; a
    # long transcode must not count as a stalled consumer.
    app.conf.broker_session_timeout = settings.transcode_session_timeout_s
    app.conf.broker_max_poll_interval = settings.transcode_max_job_s
    consumer = StreamConsumer(app, settings, CONSUMER)
    retries: dict[str, Any] = {
        "max_attempts": settings.transcode_max_attempts,
        "first_backoff_s": settings.transcode_first_backoff_s,
    }

    consumer.subscribe(
        Topic.FOOTAGE,
        partial(handle_uploaded, ctx),  # queues the job: `runner` runs it
        accepts={"footage.uploaded"},
        **retries,
    )
    consumer.subscribe(
        Topic.CLIPS,
        partial(handle_clip_request, ctx),
        accepts={"clip.requested"},
        on_give_up=partial(give_up_clips, ctx),
        **retries,
    )
    return app, consumer


def lifecycle_consumer(ctx: TranscodeContext) -> GroupConsumer:
    consumer = GroupConsumer(ctx.runtime, lifecycle.CONSUMER)
    handler = lifecycle.lifecycle_handler(ctx)
    consumer.subscribe(Topic.CONSENT, handler, accepts=lifecycle.CONSENT_EVENTS)
    consumer.subscribe(Topic.PLANNER, handler, accepts=lifecycle.CASE_EVENTS)
    consumer.subscribe(Topic.FOOTAGE, handler, accepts=lifecycle.FOOTAGE_EVENTS)
    return consumer


def create_app(settings: TranscodeSettings, clock: Clock = utc_now) -> FastAPI:
    """`clock`: what the retention rules take for now (tests move it on by days)."""
    runtime = Runtime.build(settings)
    ctx = TranscodeContext(
        runtime, settings, FootageStore(runtime.s3, settings.transcode_url_expiry_s), clock
    )
    workers, consumer = stream_app(ctx)

    @contextlib.asynccontextmanager
    async def transcoding() -> AsyncIterator[None]:
        sweep_abandoned(scratch_root(settings.transcode_work_dir))
        async with running(workers), alongside(runner.run_forever(ctx, consumer.dead_letter)):
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
        one_process_parts=[lifecycle_consumer(ctx).running, erasing],
    )
