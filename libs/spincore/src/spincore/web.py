"""What every service's HTTP face has: /healthz, /readyz, /metrics, correlation ids, JSON logs."""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections.abc import Awaitable, Callable, Mapping
from uuid import uuid4

from fastapi import FastAPI, Response
from fastapi.responses import JSONResponse, PlainTextResponse
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from spincore.logging import correlation_id, get_logger

# A check answers True (ready), False (does not answer) or what is short, in words.
ReadinessCheck = Callable[[], Awaitable[bool | str]]

log = get_logger(__name__)

REQUESTS = Counter("http_requests_total", "HTTP requests", ["method", "route", "status"])
LATENCY = Histogram("http_request_seconds", "HTTP request latency", ["method", "route"])
CORRELATION_HEADER = "X-Correlation-ID"
OPERATIONAL_ROUTES = frozenset({"/healthz", "/readyz", "/metrics"})
# Set (by `spincore.launch.serve`) when several worker processes serve one service: each
# process then writes its metrics to files there, and /metrics adds up those of all processes.
MULTIPROCESS_DIR = "PROMETHEUS_MULTIPROC_DIR"


class CorrelationMiddleware:
    """Take or make a correlation id per request; log and measure the request.

    Plain ASGI rather than BaseHTTPMiddleware: that one runs every request in an extra task
    with memory streams, which costs a noticeable share of a request's CPU under load.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        current = Headers(scope=scope).get(CORRELATION_HEADER) or str(uuid4())
        token = correlation_id.set(current)
        started = time.perf_counter()
        status = 500  # what the client gets if the app fails before it answers

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message).append(CORRELATION_HEADER, current)
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            correlation_id.reset(token)
            _measure(scope, status, time.perf_counter() - started, current)


def _measure(scope: Scope, status: int, elapsed: float, current: str) -> None:
    route = getattr(scope.get("route"), "path", "unmatched")
    method = scope["method"]
    REQUESTS.labels(method, route, str(status)).inc()
    LATENCY.labels(method, route).observe(elapsed)
    # The level is checked first: structlog would build the whole event only to drop it.
    if route not in OPERATIONAL_ROUTES and logging.getLogger(__name__).isEnabledFor(logging.INFO):
        log.info(
            "http_request",
            method=method,
            route=route,
            status=status,
            ms=round(elapsed * 1000, 1),
            correlation_id=current,
        )


def add_operational_routes(
    app: FastAPI,
    checks: Mapping[str, ReadinessCheck],
    serving_without: frozenset[str] = frozenset(),
) -> None:
    """Mount /healthz (alive), /readyz (every dependency answers) and /metrics (Prometheus).

    `serving_without`: checks the service still serves without (ingest stages its events while
    Kafka is short); their shortness is named in `short` and `degraded`, with a 200.
    """
    app.add_middleware(CorrelationMiddleware)

    @app.get("/healthz", tags=["operations"], summary="The process is alive")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get(
        "/readyz",
        tags=["operations"],
        summary="Every dependency answers",
        responses={
            200: {"description": "ready; `degraded` names what it serves without for now"},
            503: {"description": "a dependency does not answer or is short (named in short)"},
        },
    )
    async def readyz() -> JSONResponse:
        names = list(checks)
        results = await asyncio.gather(*(checks[name]() for name in names))
        status = {name: _check_status(result) for name, result in zip(names, results, strict=True)}
        short = [name for name, said in status.items() if said != "ok"]
        blocking = [name for name in short if name not in serving_without]
        degraded = [name for name in short if name in serving_without]
        body = {"ready": not blocking, "checks": status, "short": short, "degraded": degraded}
        return JSONResponse(body, status_code=503 if blocking else 200)

    @app.get(
        "/metrics",
        tags=["operations"],
        summary="Prometheus metrics (text exposition format, not JSON)",
        response_class=PlainTextResponse,
    )
    async def metrics() -> Response:
        return Response(generate_latest(_registry()), media_type=CONTENT_TYPE_LATEST)


def _check_status(result: bool | str) -> str:
    if isinstance(result, str):
        return result
    return "ok" if result else "unavailable"


def _registry() -> CollectorRegistry:
    """The registry /metrics reports: this process's, or the sum over every worker process."""
    if not os.environ.get(MULTIPROCESS_DIR):
        return REGISTRY
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    return registry
