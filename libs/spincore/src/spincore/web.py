"""What every service's HTTP face has: /healthz, /readyz, /metrics, correlation ids, JSON logs."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from uuid import uuid4

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint

from spincore.logging import correlation_id, get_logger

ReadinessCheck = Callable[[], Awaitable[bool]]

log = get_logger(__name__)

REQUESTS = Counter("http_requests_total", "HTTP requests", ["method", "route", "status"])
LATENCY = Histogram("http_request_seconds", "HTTP request latency", ["method", "route"])
CORRELATION_HEADER = "X-Correlation-ID"


class CorrelationMiddleware(BaseHTTPMiddleware):
    """Take or make a correlation id per request; log and measure the request."""

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        current = request.headers.get(CORRELATION_HEADER) or str(uuid4())
        token = correlation_id.set(current)
        started = time.perf_counter()
        try:
            response = await call_next(request)
        finally:
            correlation_id.reset(token)
        route = getattr(request.scope.get("route"), "path", "unmatched")
        elapsed = time.perf_counter() - started
        REQUESTS.labels(request.method, route, str(response.status_code)).inc()
        LATENCY.labels(request.method, route).observe(elapsed)
        response.headers[CORRELATION_HEADER] = current
        if route not in {"/healthz", "/readyz", "/metrics"}:
            log.info(
                "http_request",
                method=request.method,
                route=route,
                status=response.status_code,
                ms=round(elapsed * 1000, 1),
                correlation_id=current,
            )
        return response


def add_operational_routes(app: FastAPI, checks: Mapping[str, ReadinessCheck]) -> None:
    """Mount /healthz (alive), /readyz (every dependency answers) and /metrics (Prometheus)."""
    app.add_middleware(CorrelationMiddleware)

    @app.get("/healthz", tags=["operations"], summary="The process is alive")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", tags=["operations"], summary="Every dependency answers")
    async def readyz() -> JSONResponse:
        names = list(checks)
        results = await asyncio.gather(*(checks[name]() for name in names))
        status = {
            name: "ok" if ok else "unavailable" for name, ok in zip(names, results, strict=True)
        }
        ready = all(results)
        return JSONResponse({"ready": ready, "checks": status}, status_code=200 if ready else 503)

    @app.get("/metrics", tags=["operations"], summary="Prometheus metrics")
    async def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
