"""The app factory: a FastAPI app whose lifespan starts a service's runtime and parts."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import AsyncExitStack, asynccontextmanager

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
) -> FastAPI:
    """A FastAPI app whose lifespan starts the runtime, then each of `parts` (for example a
    Faust app via `spincore.streams.running`), and stops them in reverse order.

    `one_process_parts` run in only one of the processes serving this schema (see
    `OneProcess`): in this one when it is the first, else when the one running them stops.
    A start-up slower than `startup_wait_s` with a dependency short goes on while the server
    answers (`spincore.starting`). `refusals(path, method)` names the statuses of the
    service's own refusals for its OpenAPI.
    """

    async def enter(stack: AsyncExitStack) -> None:
        await runtime.start(migrations=migrations)
        for part in parts:
            await stack.enter_async_context(part())
        if one_process_parts:
            once = OneProcess(runtime, "one_process_parts", one_process_parts)
            await stack.enter_async_context(once.running())

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        start_up = StartUp(enter, runtime.stop, runtime.settings.service_name, _short(runtime))
        app.state.start_up = start_up
        await start_up.begin(runtime.settings.startup_wait_s)
        try:
            yield
        finally:
            await start_up.end()

    app = FastAPI(title=title, summary=summary, lifespan=lifespan)
    app.state.runtime = runtime
    app.state.token_verifier = runtime.verifier
    settings = runtime.settings
    add_guards(app, settings.max_body_bytes, type(settings).UNBOUNDED_BODY_PATHS)
    app.add_middleware(WhileStarting, start_up=lambda: getattr(app.state, "start_up", None))
    add_operational_routes(app, {**runtime.readiness_checks(), "start_up": _start_up_of(app)})
    document_refusals(app, refusals)
    return app


def _short(runtime: Runtime) -> Callable[[], Awaitable[list[str]]]:
    async def short() -> list[str]:
        checks = runtime.readiness_checks()
        answers = await asyncio.gather(*(check() for check in checks.values()))
        return [name for name, answer in zip(checks, answers, strict=True) if answer is not True]

    return short


def _start_up_of(app: FastAPI) -> ReadinessCheck:
    async def check() -> bool | str:
        start_up: StartUp | None = getattr(app.state, "start_up", None)
        return "starting" if start_up is None else await start_up.readiness()

    return check
