"""Builds transcode's dependencies once, as cosmicpython's bootstrap does: the runtime
(engine, S3, Kafka, outbox relay), the context the use cases run in (footage store, clock),
the intake's consumer group and the lifecycle's. `api/app.py` wires them into the lifespan.

The intake only queues jobs (footage.uploaded, clip.requested: a row in the jobs table that
any worker's runner claims), so it is a plain consumer group (`spincore.consumer`), read
committed, not Faust agents: no stream processing of its own to earn Faust's cost, and its
offsets are committed only after the job row is (docs/cluster.md: a clip request lost across
a rebalance of the former Faust agents)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from spin_contracts.topics import Topic
from spincore.consumer import GroupConsumer
from spincore.runtime import Runtime

from spin_transcode.adapters.storage import FootageStore
from spin_transcode.service import lifecycle
from spin_transcode.service.clips import queue_clip_request
from spin_transcode.service.context import Clock, TranscodeContext, utc_now
from spin_transcode.service.footage import handle_uploaded
from spin_transcode.settings import TranscodeSettings

CONSUMER = "transcode"


@dataclass(frozen=True)
class Dependencies:
    runtime: Runtime
    ctx: TranscodeContext
    intake: GroupConsumer  # also sends the dead letters of jobs that gave up
    lifecycle: GroupConsumer


def bootstrap(settings: TranscodeSettings, clock: Clock = utc_now) -> Dependencies:
    """`clock`: what the retention rules take for now (tests move it on by days)."""
    runtime = Runtime.build(settings)
    ctx = TranscodeContext(
        runtime, settings, FootageStore(runtime.s3, settings.transcode_url_expiry_s), clock
    )
    return Dependencies(runtime, ctx, intake_consumer(ctx), lifecycle_consumer(ctx))


def intake_consumer(ctx: TranscodeContext) -> GroupConsumer:
    consumer = GroupConsumer(ctx.runtime, CONSUMER)
    retries: dict[str, Any] = {
        "max_attempts": ctx.settings.transcode_max_attempts,
        "first_backoff_s": ctx.settings.transcode_first_backoff_s,
    }
    consumer.subscribe(
        Topic.FOOTAGE, partial(handle_uploaded, ctx), accepts={"footage.uploaded"}, **retries
    )
    consumer.subscribe(
        Topic.CLIPS, partial(queue_clip_request, ctx), accepts={"clip.requested"}, **retries
    )
    return consumer


def lifecycle_consumer(ctx: TranscodeContext) -> GroupConsumer:
    consumer = GroupConsumer(ctx.runtime, lifecycle.CONSUMER)
    handler = lifecycle.lifecycle_handler(ctx)
    consumer.subscribe(Topic.CONSENT, handler, accepts=lifecycle.CONSENT_EVENTS)
    consumer.subscribe(Topic.PLANNER, handler, accepts=lifecycle.CASE_EVENTS)
    consumer.subscribe(Topic.FOOTAGE, handler, accepts=lifecycle.FOOTAGE_EVENTS)
    return consumer
