"""Builds transcode's dependencies once, as cosmicpython's bootstrap does: the runtime
(engine, S3, Kafka, outbox relay), the context the use cases run in (footage store, clock),
the Faust workers with their consumer and the lifecycle's consumer group. `api/app.py` wires
them into the lifespan."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

import faust
from spin_contracts.topics import Topic
from spincore.consumer import GroupConsumer
from spincore.runtime import Runtime
from spincore.streams import StreamConsumer, make_stream_app

from spin_transcode.adapters.storage import FootageStore
from spin_transcode.service import lifecycle
from spin_transcode.service.clips import give_up_clips, handle_clip_request
from spin_transcode.service.context import Clock, TranscodeContext, utc_now
from spin_transcode.service.footage import handle_uploaded
from spin_transcode.settings import TranscodeSettings

CONSUMER = "transcode"


@dataclass(frozen=True)
class Dependencies:
    runtime: Runtime
    ctx: TranscodeContext
    workers: faust.App
    consumer: StreamConsumer  # of the workers: its dead letters take a poison job
    lifecycle: GroupConsumer


def bootstrap(settings: TranscodeSettings, clock: Clock = utc_now) -> Dependencies:
    """`clock`: what the retention rules take for now (tests move it on by days)."""
    runtime = Runtime.build(settings)
    ctx = TranscodeContext(
        runtime, settings, FootageStore(runtime.s3, settings.transcode_url_expiry_s), clock
    )
    workers, consumer = stream_app(ctx)
    return Dependencies(runtime, ctx, workers, consumer, lifecycle_consumer(ctx))


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
