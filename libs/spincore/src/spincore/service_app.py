"""The app factory: a FastAPI app whose lifespan starts a service's runtime and parts."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager

from fastapi import FastAPI

from spincore.leader import OneProcess
from spincore.lifespan import LifespanPart
from spincore.openapi import Extra, document_refusals
from spincore.runtime import Runtime
from spincore.starting import StartUp, WhileStarting
from spincore.web import ReadinessCheck, add_operational_routes
from spincore.web_guards import add_guards


def create_service_app(
    runtime: Runtime,
    *,
    title: str,
    summary: str,
    migrations: str | None,
    parts: Sequence[LifespanPart] = (),
    one_process_parts: Sequence[LifespanPart] = (),
    refusals: Extra | None = None,
    kafka_in_background: Sequence[LifespanPart] | None = None,
) -> FastAPI:
    """A FastAPI app whose lifespan starts the runtime, then each of `parts` (for example a
    Faust app via `spincore.streams.running`), and stops them in reverse order.

    `one_process_parts` run in only one of the processes serving this schema (see
    `OneProcess`): in this one when it is the first, else when the one running them stops.
    A start-up slower than `startup_wait_s` with a dependency short goes on while the server
    answers (`spincore.starting`). `refusals(path, method)` names the statuses of the
    service's own refusals for its OpenAPI.

    `kafka_in_background`: only schema and bucket gate the routes; topics, the producer and
    relay, then these parts (its consumers) start in the background, retried, named by
    /readyz's `kafka_start_up` until they pass. For a service whose writes only stage events
    in its outbox (ingest), so it accepts them while Kafka is short.
    """
    background = kafka_in_background is not None
    lifespan = _lifespan(runtime, migrations, parts, one_process_parts, kafka_in_background)
    app = FastAPI(title=title, summary=summary, lifespan=lifespan)
    app.state.runtime = runtime
    app.state.token_verifier = runtime.verifier
    settings = runtime.settings
    add_guards(app, settings.max_body_bytes, type(settings).UNBOUNDED_BODY_PATHS)
    app.add_middleware(WhileStarting, start_up=lambda: getattr(app.state, "start_up", None))
    checks = {**runtime.readiness_checks(), "start_up": _start_up_of(app, "start_up")}
    if background:
        checks["kafka_start_up"] = _start_up_of(app, "kafka_start_up")
    # A service that starts Kafka in the background serves while it is short: still ready.
    without = frozenset({"kafka", "kafka_start_up"}) if background else frozenset()
    add_operational_routes(app, checks, serving_without=without)
    document_refusals(app, refusals)
    return app


def _lifespan(
    runtime: Runtime,
    migrations: str | None,
    parts: Sequence[LifespanPart],
    one_process_parts: Sequence[LifespanPart],
    kafka_in_background: Sequence[LifespanPart] | None,
) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    background = kafka_in_background is not None

    async def enter(stack: AsyncExitStack) -> None:
        if background:
            await runtime.start_storage(migrations=migrations)
        else:
            await runtime.start(migrations=migrations)
        await _enter_parts(stack, runtime, parts, one_process_parts)

    async def enter_kafka(stack: AsyncExitStack) -> None:
        await runtime.create_topics()
        await runtime.start_publishing()
        await _enter_parts(stack, runtime, kafka_in_background or (), ())

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        name = runtime.settings.service_name
        start_up = StartUp(enter, runtime.stop, name, _short(runtime))
        app.state.start_up = start_up
        await start_up.begin(runtime.settings.startup_wait_s)
        kafka = (
            StartUp(enter_kafka, _nothing, f"{name}-kafka", _short(runtime)) if background else None
        )
        app.state.kafka_start_up = kafka
        if kafka is not None:
            kafka.begin_in_background()
        try:
            yield
        finally:
            if kafka is not None:
                await kafka.end()
            await start_up.end()

    return lifespan


async def _enter_parts(
    stack: AsyncExitStack,
    runtime: Runtime,
    parts: Sequence[LifespanPart],
    one_process_parts: Sequence[LifespanPart],
) -> None:
    for part in parts:
        await stack.enter_async_context(part())
    if one_process_parts:
        once = OneProcess(runtime, "one_process_parts", one_process_parts)
        await stack.enter_async_context(once.running())


async def _nothing() -> None:
    """The Kafka start-up closes nothing itself: `runtime.stop` stops producer and relay."""


def _short(runtime: Runtime) -> Callable[[], Awaitable[list[str]]]:
    async def short() -> list[str]:
        checks = runtime.readiness_checks()
        answers = await asyncio.gather(*(check() for check in checks.values()))
        return [name for name, answer in zip(checks, answers, strict=True) if answer is not True]

    return short


def _start_up_of(app: FastAPI, which: str) -> ReadinessCheck:
    async def check() -> bool | str:
        start_up: StartUp | None = getattr(app.state, which, None)
        return "starting" if start_up is None else await start_up.readiness()

    return check
