"""Faust stream processing with one failure policy for every consumer.

- Bytes that are not a known event (type or version) go to the dead-letter topic.
- A handler that raises is retried with backoff; after `max_attempts` the event goes to the
  dead-letter topic and `on_give_up` runs (for example to emit footage.failed).
- Agents run at concurrency 1: faust-streaming can commit past an unfinished message above 1.
  Scale through partitions and worker processes instead.
- Delivery is at-least-once: handlers must be idempotent (see `spincore.db.first_delivery`).
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Awaitable, Callable, Collection
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import faust
from spin_contracts.events.envelope import Envelope, Event, UnknownEventError, decode
from spin_contracts.topics import Topic, topic_name

from spincore.kafka import dead_letter_value
from spincore.logging import correlation_id, get_logger
from spincore.safe_errors import describe
from spincore.settings import ServiceSettings

log = get_logger(__name__)

Handler = Callable[[Envelope, Event], Awaitable[None]]
GiveUp = Callable[[Envelope, Event, BaseException], Awaitable[None]]


def make_stream_app(settings: ServiceSettings, app_id: str) -> faust.App:
    """A Faust app for one service: raw values, no Faust web server, in-memory tables."""
    name = f"{settings.topic_prefix}{app_id}"
    return faust.App(
        name,
        # Faust creates its data directory even for in-memory tables; by default in the working
        # directory. A temporary one, removed when the app stops (see `running`); its name is
        # the app's, so a process killed before that leaves one directory, not one per run.
        datadir=Path(tempfile.gettempdir()) / f"spin-faust-{name}",
        broker=f"kafka://{settings.kafka_bootstrap}",
        broker_credentials=_credentials(settings),
        value_serializer="raw",
        key_serializer="raw",
        web_enabled=False,
        store="memory://",
        topic_allow_declare=False,
        topic_disable_leader=True,
        consumer_auto_offset_reset="earliest",
        producer_acks=-1,
        broker_commit_every=1,
        stream_wait_empty=False,
        autodiscover=False,
    )


def _credentials(settings: ServiceSettings) -> faust.SASLCredentials | None:
    kafka = settings.kafka
    if not kafka.authenticated:
        return None
    password = kafka.password.get_secret_value() if kafka.password else ""
    return faust.SASLCredentials(
        username=kafka.username, password=password, mechanism=kafka.mechanism
    )


@dataclass(frozen=True)
class Subscription:
    source: str
    handler: Handler
    accepts: frozenset[str]
    on_give_up: GiveUp | None
    max_attempts: int
    first_backoff_s: float


class EventPolicy(ABC):
    """The failure policy above, whatever delivers the events: Faust agents (`StreamConsumer`)
    or a plain consumer group (`spincore.consumer.GroupConsumer`)."""

    def __init__(self, settings: ServiceSettings, consumer: str) -> None:
        self.settings = settings
        self.consumer = consumer

    def subscribe(
        self,
        topic: Topic,
        handler: Handler,
        *,
        accepts: Collection[str],
        on_give_up: GiveUp | None = None,
        max_attempts: int = 5,
        first_backoff_s: float = 0.5,
    ) -> None:
        """Run `handler` for each event of the `accepts` types on `topic`, one at a time."""
        subscription = Subscription(
            source=topic_name(topic, self.settings.topic_prefix),
            handler=handler,
            accepts=frozenset(accepts),
            on_give_up=on_give_up,
            max_attempts=max_attempts,
            first_backoff_s=first_backoff_s,
        )
        self.listen(topic, subscription)

    @abstractmethod
    def listen(self, topic: Topic, subscription: Subscription) -> None:
        """Deliver the raw messages of `topic` to `handle_one`, one at a time."""

    async def handle_one(self, raw: bytes, subscription: Subscription) -> None:
        try:
            envelope, event = decode(raw)
        except UnknownEventError as error:
            await self.dead_letter(raw, subscription.source, str(error))
            return
        if envelope.event_type not in subscription.accepts:
            return
        token = correlation_id.set(envelope.correlation_id)
        try:
            await self._with_retries(envelope, event, raw, subscription)
        finally:
            correlation_id.reset(token)

    async def _with_retries(
        self, envelope: Envelope, event: Event, raw: bytes, subscription: Subscription
    ) -> None:
        for attempt in range(1, subscription.max_attempts + 1):
            try:
                await subscription.handler(envelope, event)
                return
            except Exception as error:  # noqa: BLE001 - the policy below decides
                log.warning(
                    "handler_failed",
                    event_type=envelope.event_type,
                    event_id=str(envelope.event_id),
                    attempt=attempt,
                    error=describe(error),
                )
                if attempt == subscription.max_attempts:
                    if subscription.on_give_up is not None:
                        await subscription.on_give_up(envelope, event, error)
                    await self.dead_letter(raw, subscription.source, describe(error), attempt)
                    return
                await asyncio.sleep(subscription.first_backoff_s * 2 ** (attempt - 1))

    async def dead_letter(self, raw: bytes, source: str, reason: str, attempts: int = 1) -> None:
        log.warning("dead_letter", source_topic=source, consumer=self.consumer, reason=reason)
        value = dead_letter_value(raw, source, self.consumer, reason, attempts)
        await self.send_dead_letter(source.encode(), value)

    @abstractmethod
    async def send_dead_letter(self, key: bytes, value: bytes) -> None:
        """Publish to the dead-letter topic and wait for the broker's ack (never lost)."""


class StreamConsumer(EventPolicy):
    """Subscribes handlers to topics of one Faust app with the shared failure policy."""

    def __init__(self, app: faust.App, settings: ServiceSettings, consumer: str) -> None:
        super().__init__(settings, consumer)
        self.app = app
        self.dead_letters = app.topic(
            topic_name(Topic.DEAD_LETTER, settings.topic_prefix), value_serializer="raw"
        )

    def listen(self, topic: Topic, subscription: Subscription) -> None:
        channel = self.app.topic(subscription.source, value_serializer="raw", key_serializer="raw")

        async def agent(stream: faust.StreamT[bytes]) -> AsyncIterator[None]:
            async for raw in stream:
                await self.handle_one(raw, subscription)
                yield None

        agent.__name__ = f"{self.consumer}_{topic.name.lower()}"
        self.app.agent(channel, name=agent.__name__, concurrency=1)(agent)

    async def send_dead_letter(self, key: bytes, value: bytes) -> None:
        delivery = await self.dead_letters.send(key=key, value=value)
        await delivery


@asynccontextmanager
async def running(app: faust.App) -> AsyncIterator[faust.App]:
    """Run a Faust app inside another event loop owner (the service's FastAPI lifespan)."""
    await app.start()
    try:
        yield app
    finally:
        await app.stop()
        shutil.rmtree(app.conf.datadir, ignore_errors=True)
