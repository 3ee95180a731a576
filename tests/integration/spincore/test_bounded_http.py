"""Every service's HTTP face against hostile clients: huge or slow heads, huge bodies, and
database errors whose text quotes what a family said."""

from __future__ import annotations

import asyncio
import io
import logging
import time
from collections.abc import Iterator
from typing import ClassVar

import httpx
import pytest
from fastapi import FastAPI, Request
from pydantic import BaseModel
from spincore.db import make_engine
from spincore.http_protocol import http_options
from spincore.runtime import Runtime
from spincore.service_app import create_service_app
from spincore.settings import ServiceSettings
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from tests.support.http import serving
from tests.support.isolation import Isolation

pytestmark = pytest.mark.integration
FAMILY_WORDS = "Jo is scared of her father at bedtime"


class Note(BaseModel):
    words: str


def failing_app(settings: ServiceSettings) -> FastAPI:
    runtime = Runtime.build(settings)
    app = create_service_app(runtime, title="t", summary="t", migrations=None)

    @app.post("/notes")
    async def store(note: Note) -> dict[str, str]:
        async with runtime.engine.connect() as conn:
            # PostgreSQL's own message quotes the value: 'invalid input syntax ... "Jo is ..."'
            await conn.execute(
                text("SELECT CAST(CAST(:words AS text) AS integer)"), {"words": note.words}
            )
        return {"stored": "yes"}

    return app


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    """Every log record, rendered as the services render them (JSON lines)."""
    root = logging.getLogger()
    captured = io.StringIO()
    handler = logging.StreamHandler(captured)
    handler.setFormatter(root.handlers[0].formatter)
    root.addHandler(handler)
    try:
        yield captured
    finally:
        root.removeHandler(handler)


async def test_a_database_error_is_logged_and_answered_without_its_text(
    isolated: Isolation, log_lines: io.StringIO
) -> None:
    app = failing_app(isolated.settings(ServiceSettings))
    async with serving(app) as url, httpx.AsyncClient(base_url=url) as client:
        failed = await client.post("/notes", json={"words": FAMILY_WORDS})
    assert failed.status_code == 500
    assert "Something went wrong on our side" in failed.json()["detail"]
    assert FAMILY_WORDS not in failed.text
    logged = log_lines.getvalue()
    assert "http_unhandled_error" in logged
    assert "22P02" in logged  # the SQLSTATE: invalid text representation
    assert "test_bounded_http.py" in logged  # where: our code's frames
    assert FAMILY_WORDS not in logged
    assert "bedtime" not in logged


async def test_engines_hide_statement_parameters(isolated: Isolation) -> None:
    engine = make_engine(isolated.settings(ServiceSettings))
    try:
        async with engine.connect() as conn:
            with pytest.raises(DBAPIError) as raised:
                await conn.execute(text("SELECT 1 / 0 WHERE :words <> ''"), {"words": FAMILY_WORDS})
    finally:
        await engine.dispose()
    assert "division by zero" in str(raised.value)
    assert FAMILY_WORDS not in str(raised.value)
    assert FAMILY_WORDS not in repr(raised.value)


async def test_bodies_over_the_limit_get_413_but_not_upload_paths(isolated: Isolation) -> None:
    class Uploads(ServiceSettings):
        UNBOUNDED_BODY_PATHS: ClassVar[tuple[str, ...]] = ("/files",)

    settings = isolated.settings(Uploads, max_body_bytes=4096)
    app = create_service_app(Runtime.build(settings), title="t", summary="t", migrations=None)

    @app.post("/files/{name}")
    async def upload(request: Request) -> dict[str, int]:
        return {"received": len(await request.body())}

    async with serving(app) as url, httpx.AsyncClient(base_url=url) as client:
        refused = await client.post("/healthz", content=b"x" * 5000)
        assert refused.status_code == 413
        assert refused.json()["detail"] == (
            "The request body is larger than 4 KiB, the most this service accepts."
        )
        assert refused.headers["X-Correlation-ID"]
        taken = await client.post("/files/a", content=b"x" * 50_000)
        assert taken.json() == {"received": 50_000}


async def _raw_answer(port: int, sent: bytes, trickle: bytes = b"", every_s: float = 0) -> bytes:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(sent)
        await writer.drain()
        for byte in trickle:
            try:  # wait a while between bytes, stopping as soon as an answer comes
                first = await asyncio.wait_for(reader.read(1), timeout=every_s)
            except TimeoutError:
                writer.write(bytes([byte]))
                await writer.drain()
                continue
            return first + await asyncio.wait_for(reader.read(), timeout=10)
        return await asyncio.wait_for(reader.read(), timeout=10)
    except ConnectionResetError:
        return b"<reset>"
    finally:
        writer.close()


async def test_heads_are_bounded_in_size_and_time(isolated: Isolation) -> None:
    settings = isolated.settings(
        ServiceSettings, http_max_header_bytes=8192, http_header_timeout_s=1.0
    )
    app = create_service_app(Runtime.build(settings), title="t", summary="t", migrations=None)
    async with serving(app, **http_options(settings)) as url:
        port = int(url.rsplit(":", 1)[1])
        async with httpx.AsyncClient(base_url=url) as client:
            fine = await client.get("/healthz", headers={"X-Note": "n" * 4000})
            assert fine.status_code == 200
        big = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"b" * 100_000 + b"\r\n\r\n"
        assert (await _raw_answer(port, big)).startswith(b"HTTP/1.1 431 ")

        started = time.monotonic()
        silent = await _raw_answer(port, b"")
        assert time.monotonic() - started < 5
        assert silent.startswith(b"HTTP/1.1 408 ")

        started = time.monotonic()
        slow = await _raw_answer(
            port, b"GET /healthz HTTP/1.1\r\n", trickle=b"Host: x\r\n\r\n", every_s=0.3
        )
        assert time.monotonic() - started < 5
        assert slow.startswith(b"HTTP/1.1 408 ")

        async with httpx.AsyncClient(base_url=url) as client:  # keep-alive: one head each
            for _ in range(3):
                assert (await client.get("/healthz")).status_code == 200
                await asyncio.sleep(0.6)
