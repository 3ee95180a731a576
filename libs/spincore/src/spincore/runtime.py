"""The one place a service's outside world is built: database, object storage, Kafka, tokens.

A service's FastAPI lifespan (`spincore.service_app`) calls `start` and `stop`; its routes and
agents receive the pieces they need from here. Nothing else reads settings to open connections.
"""

from __future__ import annotations

import asyncio
import pickle
import sys
from collections.abc import AsyncIterator, Coroutine
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from aiokafka import AIOKafkaProducer
from minio import Minio
from spin_contracts.topics import Topic, topic_name
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from spincore.auth.tokens import TokenVerifier
from spincore.db import OutboxRelay, database_ready, make_engine, make_sessionmaker
from spincore.db.locks import LOCK_CLASS, lock_key
from spincore.kafka import Replication, create_topics, kafka_ready, make_producer
from spincore.kafka_access import relay_transactional_id, topics_used
from spincore.logging import get_logger
from spincore.settings import ServiceSettings
from spincore.storage import ensure_bucket, make_s3, s3_ready
from spincore.web import ReadinessCheck

log = get_logger(__name__)


MIGRATE_FROM_STDIN = (
    "import pickle, sys; from spincore.runtime import _upgrade_to_head; "
    "_upgrade_to_head(*pickle.load(sys.stdin.buffer))"
)


@dataclass
class Runtime:
    settings: ServiceSettings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    s3: Minio
    verifier: TokenVerifier | None
    migrate_in_child: bool = False
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
    def build(cls, settings: ServiceSettings, *, migrate_in_child: bool = False) -> Runtime:
        """`migrate_in_child`: run the start-up migrations in a short-lived child process, so
        alembic and mako (about 11 MiB) never load into this long-lived one."""
        engine = make_engine(settings, pool_size=settings.db_pool_size)
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
            migrate_in_child=migrate_in_child,
        )

    async def start(self, migrations: str | None = None) -> None:
        """Prepare topics, schema and bucket (all idempotent), then start publishing."""
        async with self.one_at_a_time("start-up"):
            await self.create_topics()
            await self._prepare_storage(migrations)
        await self.start_publishing()

    async def start_storage(self, migrations: str | None = None) -> None:
        """Prepare schema and bucket only: what a service needs to accept writes into its
        outbox while Kafka is short (`create_topics` and `start_publishing` come later)."""
        async with self.one_at_a_time("start-up"):
            await self._prepare_storage(migrations)

    async def create_topics(self) -> None:
        await create_topics(
            self.settings.kafka,
            self.settings.topic_prefix,
            topics_used(self.settings),
            Replication.of(self.settings),
        )

    async def _prepare_storage(self, migrations: str | None) -> None:
        if migrations:
            await self._migrate(migrations)
        await asyncio.to_thread(ensure_bucket, self.s3, self.settings.s3_bucket, self.settings)

    async def start_publishing(self) -> None:
        """Start the producer and the outbox relay (once: a retried start-up skips them)."""
        if self._relay is not None:
            return
        # aiokafka binds to the running loop, so the producer is made here, not in build().
        producer = make_producer(self.settings.kafka, self.settings.service_name)
        try:
            await producer.start()
        except BaseException:
            await producer.stop()
            raise
        self._producer = producer
        self._relay = OutboxRelay(
            self.engine,
            self.settings.kafka,
            transactional_id=relay_transactional_id(
                self.settings.service_name, self.settings.topic_prefix
            ),
            progress_topic=topic_name(Topic.OUTBOX_PROGRESS, self.settings.topic_prefix),
        )
        self.spawn(self._relay.run_forever())
        log.info("runtime_started", service=self.settings.service_name)

    def wake_relay(self) -> None:
        """Tell the relay a row is staged; before the relay starts there is none to tell (it
        reads every staged row when it starts)."""
        if self._relay is not None:
            self._relay.wake()

    async def _migrate(self, migrations: str) -> None:
        if not self.migrate_in_child:
            await asyncio.to_thread(_upgrade_to_head, self.settings, migrations)
            return
        # A plain child, not multiprocessing: that would leave its resource tracker running.
        child = await asyncio.create_subprocess_exec(
            sys.executable, "-c", MIGRATE_FROM_STDIN, stdin=asyncio.subprocess.PIPE
        )
        await child.communicate(pickle.dumps((self.settings, migrations)))
        if child.returncode != 0:
            raise RuntimeError(f"the migrations of {migrations} failed (exit {child.returncode})")

    @asynccontextmanager
    async def one_at_a_time(self, what: str) -> AsyncIterator[None]:
        """Serialise `what` across the processes of this service (its HTTP workers start
        together, and neither alembic nor bucket creation is safe to run concurrently)."""
        key = lock_key(self.settings.db_schema, what)
        async with self.engine.connect() as conn:
            await conn.execute(select(func.pg_advisory_lock(LOCK_CLASS, key)))
            try:
                yield
            finally:
                await conn.execute(select(func.pg_advisory_unlock(LOCK_CLASS, key)))

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
            "kafka": lambda: kafka_ready(settings.kafka, settings.kafka_min_insync_replicas),
            "object_storage": lambda: s3_ready(self.s3, settings.s3_bucket),
            "database": lambda: database_ready(self.engine),
        }


def _upgrade_to_head(settings: ServiceSettings, script_location: str) -> None:
    # Imported here: a process that migrates in a child never loads alembic.
    from spincore.db.migrations import upgrade_to_head  # noqa: PLC0415

    upgrade_to_head(settings, script_location)
