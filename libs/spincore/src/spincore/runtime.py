"""The one place a service's outside world is built: database, object storage, Kafka, tokens.

A service's FastAPI lifespan calls `start` and `stop`; its routes and agents receive the
pieces they need from here. Nothing else reads settings to open connections.
"""

from __future__ import annotations

import asyncio
import gc
import os
import pickle
import shutil
import sys
import tempfile
from collections.abc import AsyncIterator, Callable, Coroutine, Sequence
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager, suppress
from dataclasses import dataclass, field
from typing import Any, TypeVar

import uvicorn
from aiokafka import AIOKafkaProducer
from fastapi import FastAPI
from minio import Minio
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

from spincore.auth.tokens import TokenVerifier
from spincore.db import OutboxRelay, database_ready, make_engine, make_sessionmaker
from spincore.db.locks import LOCK_CLASS, lock_key
from spincore.http_protocol import http_options
from spincore.kafka import create_topics, kafka_ready, make_producer
from spincore.kafka_access import topics_used
from spincore.logging import configure_logging, get_logger
from spincore.openapi import Extra, document_refusals
from spincore.safe_errors import describe
from spincore.serving import serve_workers
from spincore.settings import ServiceSettings
from spincore.storage import ensure_bucket, make_s3, s3_ready
from spincore.web import MULTIPROCESS_DIR, ReadinessCheck, add_operational_routes
from spincore.web_guards import add_guards

log = get_logger(__name__)


S = TypeVar("S", bound=ServiceSettings)
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
            await create_topics(
                self.settings.kafka, self.settings.topic_prefix, topics_used(self.settings)
            )
            if migrations:
                await self._migrate(migrations)
            await asyncio.to_thread(ensure_bucket, self.s3, self.settings.s3_bucket, self.settings)
        # aiokafka binds to the running loop, so the producer is made here, not in build().
        self._producer = make_producer(self.settings.kafka, self.settings.service_name)
        await self._producer.start()
        self._relay = OutboxRelay(self.engine, self._producer)
        self.spawn(self._relay.run_forever())
        log.info("runtime_started", service=self.settings.service_name)

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
            "kafka": lambda: kafka_ready(settings.kafka),
            "object_storage": lambda: s3_ready(self.s3, settings.s3_bucket),
            "database": lambda: database_ready(self.engine),
        }


def _upgrade_to_head(settings: ServiceSettings, script_location: str) -> None:
    # Imported here: a process that migrates in a child never loads alembic.
    from spincore.db.migrations import upgrade_to_head  # noqa: PLC0415

    upgrade_to_head(settings, script_location)


def serve(app: FastAPI | str, settings: ServiceSettings) -> None:
    """Run the service's HTTP server (the console entry point of every service).

    `app` is the app, or the import string ("package.module:function") of a zero-argument
    factory such as one built on `worker_app`. SPIN_HTTP_WORKERS above 1 needs the factory:
    each worker process builds its own app, and /metrics then adds up every process's figures.
    """
    configure_logging(settings.service_name, settings.log_level)
    workers = settings.http_workers
    if workers > 1 and not isinstance(app, str):
        raise ValueError(
            f"SPIN_HTTP_WORKERS={workers} needs an app factory; "
            f"{settings.service_name} serves a single app object (set it to 1)"
        )
    metrics_dir = None
    if workers > 1 and not os.environ.get(MULTIPROCESS_DIR):
        metrics_dir = tempfile.mkdtemp(prefix=f"spin-{settings.service_name}-metrics-")
        os.environ[MULTIPROCESS_DIR] = metrics_dir  # inherited by the worker processes
    config: dict[str, Any] = {
        "app": app,
        "factory": isinstance(app, str),
        "host": settings.http_host,
        "port": settings.http_port,
        "log_config": None,
        "access_log": False,  # CorrelationMiddleware logs each request, with its correlation id
        "timeout_graceful_shutdown": 20,
        **http_options(settings),
    }
    try:
        if workers > 1:
            serve_workers(workers, **config)
        else:
            settle_gc()
            uvicorn.run(**config)
    finally:
        if metrics_dir is not None:
            shutil.rmtree(metrics_dir, ignore_errors=True)


def worker_app(create_app: Callable[[S], FastAPI], settings_type: type[S]) -> FastAPI:
    """The app of one HTTP worker process: settings from the environment, logs configured.

    A service's factory for `serve` is `lambda`-free: `def app(): return worker_app(...)`.
    """
    settings = settings_type()
    configure_logging(settings.service_name, settings.log_level)
    app = create_app(settings)
    settle_gc()
    return app


def settle_gc() -> None:
    """Set the garbage collector up for a long-running process, once it has built what lives
    as long as it does (modules, the app).

    Those objects, frozen, stay out of the collector's full passes. The young generation's
    threshold counts objects allocated and still alive since the last pass, so it must exceed
    what a batch of events keeps alive while it is decoded and written (a 5,000-event batch is
    about 150,000 objects): below that, passes run again and again over the same live batch and
    promote it into older generations that are swept too. With 10,000 the portal's rebuild
    spent 35 % of its CPU in the collector (4.0 of 11.4 s); with 200,000 it barely runs. The
    planner's p95 under load did not change (5 interleaved pairs: median 102 ms with either).
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(200_000, 10, 10)


LifespanPart = Callable[[], AbstractAsyncContextManager[Any]]


class OneProcess:
    """Lifespan parts that run in one process among all that serve the same schema.

    Several HTTP workers (or replicas) each build the app, but some parts, such as stream
    consumers, should run once. The process holding a PostgreSQL advisory lock runs them (the
    lock lives as long as the connection that took it, which is checked every `check_s`); the
    others try again every `check_s`, so one takes over when the holder stops or dies.
    """

    def __init__(
        self, runtime: Runtime, name: str, parts: Sequence[LifespanPart], check_s: float = 5.0
    ) -> None:
        self.engine = runtime.engine
        self.key = lock_key(runtime.settings.db_schema, name)
        self.name = name
        self.parts = parts
        self.check_s = check_s
        self._lock_conn: AsyncConnection | None = None
        self._running = AsyncExitStack()

    @property
    def leading(self) -> bool:
        return self._lock_conn is not None

    async def attempt(self) -> bool:
        """Take the lock and start the parts if no other process runs them; True if taken."""
        conn = await self.engine.connect()
        try:
            locked = select(func.pg_try_advisory_lock(LOCK_CLASS, self.key))
            if not await conn.scalar(locked):
                await conn.close()
                return False
            await conn.commit()  # the lock is the session's: no transaction is left open
            for part in self.parts:
                await self._running.enter_async_context(part())
        except BaseException:
            await self._release(conn)
            raise
        self._lock_conn = conn
        log.info("one_process_parts_started", parts=self.name)
        return True

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Run the parts here if no other process does; keep trying while the block runs."""
        await self.attempt()
        try:
            async with alongside(self.keep()):
                yield
        finally:
            await self.resign()

    async def keep(self) -> None:
        """Hold the lock (or try for it) until cancelled; resign if its connection breaks."""
        while True:
            await asyncio.sleep(self.check_s)
            try:
                if self._lock_conn is None:
                    await self.attempt()
                else:
                    await self._lock_conn.execute(text("SELECT 1"))
                    await self._lock_conn.commit()
            except Exception as error:  # noqa: BLE001 - the database is away: try again later
                log.warning("one_process_parts_unsettled", parts=self.name, error=describe(error))
                await self.resign()

    async def resign(self) -> None:
        """Stop the parts and let another process take over."""
        conn, self._lock_conn = self._lock_conn, None
        if conn is not None:
            await self._release(conn)

    async def _release(self, conn: AsyncConnection) -> None:
        try:
            await self._running.aclose()
        finally:
            with suppress(Exception):  # a broken connection: the server has dropped the lock
                await conn.invalidate()  # ends the database session, and with it the lock
            await conn.close()


@asynccontextmanager
async def alongside(work: Coroutine[Any, Any, None]) -> AsyncIterator[None]:
    """Run `work` as a task for the life of the block; cancelled (and awaited) at its end."""
    task = asyncio.create_task(work)
    try:
        yield
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


def create_service_app(
    runtime: Runtime,
    *,
    title: str,
    summary: str,
    migrations: str | None,
    parts: Sequence[LifespanPart] = (),
    one_process_parts: Sequence[LifespanPart] = (),
    refusals: Extra | None = None,
) -> FastAPI:
    """A FastAPI app whose lifespan starts the runtime, then each of `parts` (for example a
    Faust app via `spincore.streams.running`), and stops them in reverse order.

    `one_process_parts` run in only one of the processes serving this schema (see
    `OneProcess`): in this one when it is the first, else when the one running them stops.
    `refusals(path, method)` names the statuses of the service's own refusals for its OpenAPI.
    """

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await runtime.start(migrations=migrations)
        async with AsyncExitStack() as stack:
            try:
                for part in parts:
                    await stack.enter_async_context(part())
                if one_process_parts:
                    once = OneProcess(runtime, "one_process_parts", one_process_parts)
                    await stack.enter_async_context(once.running())
                yield
            finally:
                await stack.aclose()
                await runtime.stop()

    app = FastAPI(title=title, summary=summary, lifespan=lifespan)
    app.state.runtime = runtime
    app.state.token_verifier = runtime.verifier
    settings = runtime.settings
    add_guards(app, settings.max_body_bytes, type(settings).UNBOUNDED_BODY_PATHS)
    add_operational_routes(app, runtime.readiness_checks())
    document_refusals(app, refusals)
    return app
