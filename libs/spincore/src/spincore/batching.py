"""Faust agents that hand their handler whole batches of events (one transaction a batch).

Built on spincore's `StreamConsumer` (same dead-letter and retry policy, concurrency 1).
Faust's `take` acknowledges a batch only after the handler returned, so a crash replays the
batch and the event-id dedupe absorbs the repeats. A batch that keeps failing is retried
event by event, so only the poisoned event goes to the dead-letter topic.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Collection, Sequence
from datetime import UTC, datetime
from typing import cast

import faust
from spin_contracts.events.envelope import Envelope, Event, UnknownEventError, decode
from spin_contracts.topics import Topic, topic_name

from spincore.batches import RawRecord
from spincore.logging import get_logger
from spincore.settings import ServiceSettings
from spincore.streams import StreamConsumer, Subscription, make_stream_app

log = get_logger(__name__)

BatchHandler = Callable[[Sequence[tuple[Envelope, Event]]], Awaitable[None]]


RawHandler = Callable[[Sequence[RawRecord]], Awaitable[None]]


def batching_app(settings: ServiceSettings, app_id: str, max_batch: int) -> faust.App:
    """A Faust app tuned for agents that take up to `max_batch` events at a time."""
    app = make_stream_app(settings, app_id)
    # Faust's defaults (500 records a poll, 4096 buffered per stream, 1 MiB per partition
    # fetch) keep batches small; a buffer of two batches lets the next one fill while one is
    # written.
    app.conf.broker_max_poll_records = max_batch
    app.conf.stream_buffer_maxsize = 2 * max_batch
    app.conf.consumer_max_fetch_size = 8 * 1024 * 1024
    return app


class BatchingStreamConsumer(StreamConsumer):
    def subscribe_batches(
        self,
        topic: Topic,
        handler: BatchHandler,
        *,
        accepts: Collection[str],
        max_batch: int = 2000,
        within_s: float = 1.0,  # a longer wait fills batches: fewer, larger transactions
        batch_attempts: int = 3,
    ) -> None:
        source = topic_name(topic, self.settings.topic_prefix)
        one_by_one = Subscription(
            source=source,
            handler=lambda envelope, event: handler([(envelope, event)]),
            accepts=frozenset(accepts),
            on_give_up=None,
            max_attempts=5,
            first_backoff_s=0.5,
        )

        async def agent(stream: faust.StreamT[bytes]) -> AsyncIterator[None]:
            async for raws in stream.take(max_batch, within=within_s):
                await self._handle_batch(raws, handler, one_by_one, batch_attempts)
                yield None

        self._add_agent(topic, agent)

    def subscribe_raw(
        self, topic: Topic, handler: RawHandler, *, max_batch: int = 500, within_s: float = 0.2
    ) -> None:
        """Hand `handler` the raw messages with their positions (for the dead-letter topic)."""

        async def agent(stream: faust.StreamT[bytes]) -> AsyncIterator[None]:
            async for events in cast("faust.Stream[bytes]", stream).take_events(
                max_batch, within_s
            ):
                records = [
                    RawRecord(
                        e.message.partition,
                        e.message.offset,
                        datetime.fromtimestamp(e.message.timestamp, UTC),
                        e.value,
                    )
                    for e in events
                ]
                await handler(records)
                yield None

        self._add_agent(topic, agent)

    def _add_agent(
        self, topic: Topic, agent: Callable[[faust.StreamT[bytes]], AsyncIterator[None]]
    ) -> None:
        source = topic_name(topic, self.settings.topic_prefix)
        channel = self.app.topic(source, value_serializer="raw", key_serializer="raw")
        agent.__name__ = f"{self.consumer}_{topic.name.lower()}"
        self.app.agent(channel, name=agent.__name__, concurrency=1)(agent)

    async def _handle_batch(
        self,
        raws: Sequence[bytes],
        handler: BatchHandler,
        one_by_one: Subscription,
        attempts: int,
    ) -> None:
        batch: list[tuple[Envelope, Event]] = []
        for raw in raws:
            try:
                envelope, event = decode(raw)
            except UnknownEventError as error:
                await self.dead_letter(raw, one_by_one.source, str(error))
                continue
            if envelope.event_type in one_by_one.accepts:
                batch.append((envelope, event))
        if not batch:
            return
        for attempt in range(1, attempts + 1):
            try:
                await handler(batch)
                return
            except Exception as error:  # noqa: BLE001 - retried, then event by event
                log.warning("batch_failed", size=len(batch), attempt=attempt, error=repr(error))
                await asyncio.sleep(one_by_one.first_backoff_s * attempt)
        for raw in raws:
            await self.handle_one(raw, one_by_one)
