"""The one place a service's outside world is built: database, object storage, Kafka, tokens.

A service's FastAPI lifespan calls `start` and `stop`; its routes and agents receive the
pieces they need from here. Nothing else reads settings to open connections.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Coroutine, Sequence
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from aiokafka import AIOKafkaProducer
from fastapi import FastAPI
from minio import Minio
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from spincore.auth.tokens import TokenVerifier
from spincore.db import OutboxRelay, database_ready, make_engine, make_sessionmaker
from spincore.db.migrations import upgrade_to_head
from spincore.kafka import create_topics, kafka_ready, make_producer
from spincore.logging import configure_logging, get_logger
from spincore.settings import ServiceSettings
from spincore.storage import ensure_bucket, make_s3, s3_ready
from spincore.web import ReadinessCheck, add_operational_routes

log = get_logger(__name__)


@dataclass
class Runtime:
    settings: ServiceSettings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    s3: Minio
    verifier: TokenVerifier | None
    _producer: AIOKafkaProducer | None = None
    _relay: OutboxRelay | None = None
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)

    @property
    def producer(self) -> AIOKafkaProducer:
        if self._producer is None:
            raise RuntimeError("the runtime has not been started")
        return self._producer

    @property
    def relay(self) -> OutboxRelay:
        if self._relay is None:
            raise RuntimeError("the runtime has not been started")
        return self._relay

    @classmethod
    def build(cls, settings: ServiceSettings) -> Runtime:
        engine = make_engine(settings)
        verifier = (
            TokenVerifier.from_file(settings.auth_public_key_file, settings.auth_issuer)
            if settings.auth_public_key_file
            else None
        )
        return cls(
            settings=settings,
            engine=engine,
            sessions=make_sessionmaker(engine),
            s3=make_s3(settings),
            verifier=verifier,
        )

    async def start(self, migrations: str | None = None) -> None:
        """Prepare topics, schema and bucket (all idempotent), then start publishing."""
        await create_topics(self.settings.kafka_bootstrap, self.settings.topic_prefix)
        if migrations:
            await asyncio.to_thread(upgrade_to_head, self.settings, migrations)
        await asyncio.to_thread(ensure_bucket, self.s3, self.settings.s3_bucket)
        # aiokafka binds to the running loop, so the producer is made here, not in build().
        self._producer = make_producer(self.settings.kafka_bootstrap, self.settings.service_name)
        await self._producer.start()
        self._relay = OutboxRelay(self.engine, self._producer)
        self.spawn(self._relay.run_forever())
        log.info("runtime_started", service=self.settings.service_name)

    def spawn(self, loop: Coroutine[Any, Any, None]) -> None:
        """Run a background loop for the life of the service; it is cancelled on stop."""
        self._tasks.append(asyncio.create_task(loop))

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._producer is not None:
            await self._producer.stop()
        await self.engine.dispose()

    def readiness_checks(self) -> dict[str, ReadinessCheck]:
        settings = self.settings
        return {
            "kafka": lambda: kafka_ready(settings.kafka_bootstrap),
            "object_storage": lambda: s3_ready(self.s3, settings.s3_bucket),
            "database": lambda: database_ready(self.engine),
        }


def serve(app: FastAPI, settings: ServiceSettings) -> None:
    """Run the service's HTTP server (the console entry point of every service)."""
    configure_logging(settings.service_name, settings.log_level)
    uvicorn.run(
        app,
        host=settings.http_host,
        port=settings.http_port,
        log_config=None,
        proxy_headers=True,
        timeout_graceful_shutdown=20,
    )


LifespanPart = Callable[[], AbstractAsyncContextManager[Any]]


def create_service_app(
    runtime: Runtime,
    *,
    title: str,
    summary: str,
    migrations: str | None,
    parts: Sequence[LifespanPart] = (),
) -> FastAPI:
    """A FastAPI app whose lifespan starts the runtime, then each of `parts` (for example a
    Faust app via `spincore.streams.running`), and stops them in reverse order."""

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await runtime.start(migrations=migrations)
        async with AsyncExitStack() as stack:
            try:
                for part in parts:
                    await stack.enter_async_context(part())
                yield
            finally:
                await stack.aclose()
                await runtime.stop()

    app = FastAPI(title=title, summary=summary, lifespan=lifespan)
    app.state.runtime = runtime
    app.state.token_verifier = runtime.verifier
    add_operational_routes(app, runtime.readiness_checks())
    return app
