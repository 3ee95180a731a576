"""A service that answers while it starts.

Its start-up (topics, migrations, bucket, then its parts: Faust apps, consumers) runs as one
task. The lifespan waits for it; a start-up that fails meanwhile fails the process as before.
One still waiting after `startup_wait_s` while a dependency is short (Kafka below quorum, say:
topic creation and group joins wait for the brokers) goes on in the background while the
server answers /healthz, /readyz (503, naming what is short and `start_up: starting`) and a
503 with a sentence to every other request, so operators see why instead of a connection
refused. A start-up that fails after that stops the process (SIGTERM, as a supervisor would).

A start-up of parts no route needs (ingest's Kafka parts: its uploads only stage events in
the outbox) runs with `begin_in_background`: never waited for, never gating a route, retried
until it passes. A start-up cancelled by the shutdown says `cancelled`, not `failed`.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass, field

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from spincore.i18n import N_
from spincore.logging import get_logger
from spincore.validation_words import CATALOGS
from spincore.web import OPERATIONAL_ROUTES

log = get_logger(__name__)

STARTING = N_(
    "The service is still starting (its /readyz says what it waits for); try again in a minute."
)
RETRY_AFTER_S = 10
MAX_RETRY_S = 60.0


@dataclass
class StartUp:
    """`enter` starts the service's pieces into the stack; `close` runs after they closed;
    `short` names the dependencies that are short now."""

    enter: Callable[[AsyncExitStack], Awaitable[None]]
    close: Callable[[], Awaitable[None]]
    service: str
    short: Callable[[], Awaitable[list[str]]]
    state: str = "starting"
    _started: asyncio.Event = field(default_factory=asyncio.Event)
    _stopping: asyncio.Event = field(default_factory=asyncio.Event)
    _task: asyncio.Task[None] | None = None

    async def begin(self, wait_s: float) -> None:
        """Start, and return once started, or once a wait of `wait_s` ends with a dependency
        short (a failure before then raises). A slow start-up with every dependency there (a
        sibling worker's migrations hold the start-up lock) is waited for: this worker does
        not answer before it can serve."""
        self._task = asyncio.create_task(self._run())
        started = asyncio.create_task(self._started.wait())
        try:
            while not self._task.done() and self.state == "starting":
                await asyncio.wait(
                    {self._task, started}, timeout=wait_s, return_when="FIRST_COMPLETED"
                )
                short = [] if self._task.done() or self.state != "starting" else await self.short()
                if short:
                    log.warning("start_up_continues", service=self.service, short=short)
                    self._task.add_done_callback(self._failed_later)
                    return
        finally:
            started.cancel()
        if self._task.done():
            self._task.result()

    def begin_in_background(self, retry_s: float = 1.0) -> None:
        """Start without waiting; a failed attempt is retried after `retry_s` (doubling up to
        `MAX_RETRY_S`) until one passes or `end` stops it."""
        self._task = asyncio.create_task(self._retrying(retry_s))

    async def settled(self) -> None:
        """Return once the start-up is done; raise its error if it failed."""
        if self._task is None:
            return
        started = asyncio.create_task(self._started.wait())
        await asyncio.wait({self._task, started}, return_when="FIRST_COMPLETED")
        started.cancel()
        if self._task.done():
            self._task.result()

    async def end(self) -> None:
        """Stop what started (a start-up still waiting is cancelled), in reverse order."""
        if self._task is None:
            return
        self._stopping.set()
        if self.state != "ok":
            self._task.cancel()
        await asyncio.gather(self._task, return_exceptions=True)
        if self.state == "starting":  # cancelled between two attempts
            self.state = "cancelled"

    async def readiness(self) -> bool | str:
        return True if self.state == "ok" else self.state

    async def _run(self) -> None:
        try:
            async with AsyncExitStack() as stack:
                await self.enter(stack)
                self.state = "ok"
                self._started.set()
                log.info("start_up_done", service=self.service)
                await self._stopping.wait()
        except asyncio.CancelledError:
            if self.state != "ok":
                self.state = "cancelled" if self._stopping.is_set() else "failed"
                if self.state == "cancelled":  # a failure is logged where it is handled
                    log.info("start_up_cancelled", service=self.service)
            raise
        except BaseException:
            if self.state != "ok":
                self.state = "failed"
            raise
        finally:
            await self.close()

    async def _retrying(self, retry_s: float) -> None:
        while True:
            try:
                await self._run()
            except Exception as error:
                if self._stopping.is_set():
                    raise
                self.state = "starting"
                log.warning(
                    "start_up_retry",
                    service=self.service,
                    error=type(error).__name__,
                    retry_in_s=retry_s,
                )
                await asyncio.sleep(retry_s)
                retry_s = min(retry_s * 2, MAX_RETRY_S)
            else:
                return

    def _failed_later(self, task: asyncio.Task[None]) -> None:
        if task.cancelled() or task.exception() is None:
            return
        log.error("start_up_failed", service=self.service, error=type(task.exception()).__name__)
        os.kill(os.getpid(), signal.SIGTERM)


class WhileStarting:
    """Answer 503 with a sentence in the reader's language to every request but the
    operational routes until the start-up is done."""

    def __init__(self, app: ASGIApp, start_up: Callable[[], StartUp | None]) -> None:
        self.app = app
        self.start_up = start_up

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        start_up = self.start_up()
        if (
            scope["type"] != "http"
            or start_up is None
            or start_up.state == "ok"
            or scope["path"] in OPERATIONAL_ROUTES
        ):
            await self.app(scope, receive, send)
            return
        language = CATALOGS.language(Headers(scope=scope).get("accept-language"))
        sentence = CATALOGS.sentence(STARTING, language, {})
        body = json.dumps({"detail": sentence}).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"retry-after", str(RETRY_AFTER_S).encode()),
        ]
        await send({"type": "http.response.start", "status": 503, "headers": headers})
        await send({"type": "http.response.body", "body": body})
