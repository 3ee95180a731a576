"""A service answers while its start-up waits: /readyz says so, other routes get a 503."""

from __future__ import annotations

import asyncio
from contextlib import AsyncExitStack

import httpx
import pytest
from fastapi import FastAPI
from spincore.starting import StartUp, WhileStarting
from spincore.web import add_operational_routes


class Pieces:
    """A start-up that waits until released, and remembers what was closed."""

    def __init__(self, fails: bool = False) -> None:
        self.release = asyncio.Event()
        self.fails = fails
        self.closed = False

    async def enter(self, _stack: AsyncExitStack) -> None:
        await self.release.wait()
        if self.fails:
            raise RuntimeError("the migrations failed")

    async def close(self) -> None:
        self.closed = True

    async def short(self) -> list[str]:
        return ["kafka"]


async def nothing_short() -> list[str]:
    return []


def app_for(start_up: StartUp) -> FastAPI:
    app = FastAPI()

    @app.get("/cases")
    async def cases() -> list[str]:
        return []

    app.add_middleware(WhileStarting, start_up=lambda: start_up)
    add_operational_routes(app, {"start_up": start_up.readiness})
    return app


async def get(app: FastAPI, path: str, language: str = "en") -> httpx.Response:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://spin") as client:
        return await client.get(path, headers={"Accept-Language": language})


async def test_a_quick_start_up_is_done_before_the_server_answers() -> None:
    pieces = Pieces()
    pieces.release.set()
    start_up = StartUp(pieces.enter, pieces.close, "planner", pieces.short)
    await start_up.begin(wait_s=5)
    app = app_for(start_up)
    assert (await get(app, "/cases")).status_code == 200
    assert (await get(app, "/readyz")).json()["checks"] == {"start_up": "ok"}
    await start_up.end()
    assert pieces.closed


async def test_a_waiting_start_up_is_named_and_other_requests_are_told_to_retry() -> None:
    pieces = Pieces()
    start_up = StartUp(pieces.enter, pieces.close, "planner", pieces.short)
    await start_up.begin(wait_s=0.05)
    app = app_for(start_up)
    ready = await get(app, "/readyz")
    assert ready.status_code == 503
    assert ready.json()["checks"] == {"start_up": "starting"}
    refused = await get(app, "/cases", language="nl")
    assert refused.status_code == 503
    assert refused.headers["retry-after"] == "10"
    assert refused.json()["detail"].startswith("De dienst is nog aan het opstarten")
    pieces.release.set()
    await asyncio.sleep(0.01)
    assert (await get(app, "/cases")).status_code == 200
    assert (await get(app, "/readyz")).status_code == 200
    await start_up.end()
    assert pieces.closed


async def test_a_start_up_failing_within_the_wait_fails_the_lifespan() -> None:
    pieces = Pieces(fails=True)
    pieces.release.set()
    start_up = StartUp(pieces.enter, pieces.close, "planner", pieces.short)
    with pytest.raises(RuntimeError, match="migrations"):
        await start_up.begin(wait_s=5)
    assert start_up.state == "failed"
    assert pieces.closed


async def test_stopping_while_the_start_up_waits_cancels_it_and_closes() -> None:
    pieces = Pieces()
    start_up = StartUp(pieces.enter, pieces.close, "planner", pieces.short)
    await start_up.begin(wait_s=0.01)
    await start_up.end()
    assert pieces.closed
    assert start_up.state == "cancelled"


async def test_a_slow_start_up_with_every_dependency_there_is_waited_for() -> None:
    pieces = Pieces()
    start_up = StartUp(pieces.enter, pieces.close, "planner", nothing_short)
    asyncio.get_running_loop().call_later(0.2, pieces.release.set)
    await start_up.begin(wait_s=0.02)
    assert start_up.state == "ok"
    await start_up.end()


class FailingAtFirst:
    """A start-up whose first `failures` attempts fail (brokers short), then passes."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.attempts = 0

    async def enter(self, _stack: AsyncExitStack) -> None:
        self.attempts += 1
        if self.attempts <= self.failures:
            raise ConnectionError("no broker answers")

    async def close(self) -> None:
        pass


async def test_a_background_start_up_is_retried_until_it_passes() -> None:
    parts = FailingAtFirst(failures=2)
    kafka = StartUp(parts.enter, parts.close, "ingest-kafka", nothing_short)
    kafka.begin_in_background(retry_s=0.01)
    assert kafka.state == "starting"
    await kafka.settled()
    assert (kafka.state, parts.attempts) == ("ok", 3)
    await kafka.end()


async def test_a_background_start_up_stopped_between_attempts_says_cancelled() -> None:
    parts = FailingAtFirst(failures=100)
    kafka = StartUp(parts.enter, parts.close, "ingest-kafka", nothing_short)
    kafka.begin_in_background(retry_s=10)
    await asyncio.sleep(0.01)
    assert kafka.state == "starting"
    assert (await kafka.readiness()) == "starting"
    await kafka.end()
    assert kafka.state == "cancelled"
