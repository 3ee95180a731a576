"""Faust agents: footage and clip events attached to filming sessions and feedback plans."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

import faust
from spin_contracts.events import Envelope, Event
from spin_contracts.topics import Topic
from spincore.batching import BatchHandler, BatchingStreamConsumer, batching_app
from spincore.db import first_delivery
from spincore.settings import ServiceSettings
from sqlalchemy.ext.asyncio import AsyncEngine

from spin_planner.adapters.sql_footage import SqlFootageFacts
from spin_planner.service.footage import clip_event, footage_event
from spin_planner.service.footage_ports import FootageFacts

CONSUMER = "planner-footage"
MAX_BATCH = 500
# Progress events ask for a short wait: a progress bar should move within a fraction of a second.
WITHIN_S = 0.1

Apply = Callable[[FootageFacts, Envelope, Event], Awaitable[None]]


def once(engine: AsyncEngine, apply: Apply) -> BatchHandler:
    """Apply each event of a batch once, in one transaction: the dedupe marks and the changes
    commit together, one commit a batch rather than one an event (see docs/performance.md).
    A batch that fails is retried, then event by event."""

    async def handle(batch: Sequence[tuple[Envelope, Event]]) -> None:
        async with engine.begin() as conn:
            facts = SqlFootageFacts(conn)
            for envelope, event in batch:
                if await first_delivery(conn, CONSUMER, envelope.event_id):
                    await apply(facts, envelope, event)

    return handle


def footage_stream_app(settings: ServiceSettings, engine: AsyncEngine) -> faust.App:
    app = batching_app(settings, "planner", MAX_BATCH)
    consumer = BatchingStreamConsumer(app, settings, CONSUMER)

    def project(topic: Topic, apply: Apply, accepts: set[str]) -> None:
        handler = once(engine, apply)
        consumer.subscribe_batches(
            topic, handler, accepts=accepts, max_batch=MAX_BATCH, within_s=WITHIN_S
        )

    footage = {"footage.uploaded", "footage.transcoded", "footage.failed", "footage.erased"}
    project(Topic.FOOTAGE, footage_event, footage)
    project(Topic.FOOTAGE_PROGRESS, footage_event, {"footage.transcode_progress"})
    project(Topic.CLIPS, clip_event, {"clip.progress", "clip.rendered", "clip.failed"})
    return app
