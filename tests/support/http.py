"""Serve a FastAPI app over real HTTP (uvicorn on a free loopback port) inside the test loop."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@asynccontextmanager
async def serving(
    app: FastAPI, port: int | None = None, *, started: bool = True, **options: Any
) -> AsyncIterator[str]:
    """Run `app` (lifespan included) until the block ends; yield its base URL once its
    start-up is done (`started=False`: as soon as it answers, see `spincore.starting`).
    `options` are more uvicorn.Config options (such as `spincore.http_protocol.http_options`')."""
    port = port or free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, lifespan="on", **options)
    )
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()  # raises the start-up error
            raise RuntimeError("the server stopped during start-up")
        await asyncio.sleep(0.05)
    start_up = getattr(app.state, "start_up", None)
    if started and start_up is not None:
        await start_up.settled()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


async def until_ready(
    base: str, process: asyncio.subprocess.Process, within_s: float = 120
) -> None:
    """Poll `base`/readyz until it answers 200; fail if `process` exits first."""
    deadline = time.monotonic() + within_s
    async with httpx.AsyncClient(base_url=base, timeout=5) as client:
        while time.monotonic() < deadline:
            if process.returncode is not None:
                raise RuntimeError(f"the service exited during start-up ({process.returncode})")
            with contextlib.suppress(httpx.TransportError):
                if (await client.get("/readyz")).status_code == 200:
                    return
            await asyncio.sleep(0.3)
    raise RuntimeError(f"the service did not become ready within {within_s:.0f} s")
