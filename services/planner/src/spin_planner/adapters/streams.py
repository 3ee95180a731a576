"""Faust agents: footage and clip events attached to filming sessions and feedback plans."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import faust
from spincore.db import first_delivery
from spincore.events import Envelope, Event
from spincore.settings import ServiceSettings
from spincore.streams import Handler, StreamConsumer, make_stream_app
from spincore.topics import Topic
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from spin_planner.service.footage import clip_event, footage_event

CONSUMER = "planner-footage"

Apply = Callable[[AsyncConnection, Envelope, Event], Awaitable[None]]


def once(engine: AsyncEngine, apply: Apply) -> Handler:
    """Apply each event once: the dedupe mark and the change commit together."""

    async def handle(envelope: Envelope, event: Event) -> None:
        async with engine.begin() as conn:
            if await first_delivery(conn, CONSUMER, envelope.event_id):
                await apply(conn, envelope, event)

    return handle


def footage_stream_app(settings: ServiceSettings, engine: AsyncEngine) -> faust.App:
    app = make_stream_app(settings, "planner")
    consumer = StreamConsumer(app, settings, CONSUMER)
    consumer.subscribe(
        Topic.FOOTAGE,
        once(engine, footage_event),
        accepts={"footage.uploaded", "footage.transcoded", "footage.failed", "footage.erased"},
    )
    consumer.subscribe(
        Topic.FOOTAGE_PROGRESS,
        once(engine, footage_event),
        accepts={"footage.transcode_progress"},
    )
    consumer.subscribe(
        Topic.CLIPS, once(engine, clip_event), accepts={"clip.rendered", "clip.failed"}
    )
    return app
