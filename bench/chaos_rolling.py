"""Rolling restart: every service process restarted one after another under the workload.

Each service runs under `infra/supervise.sh` (its pid file); its process is sent SIGTERM (a
graceful stop: uvicorn drains its requests) and the supervisor starts it again. The next one
is restarted only once this one answers /readyz again, as a deploy would do it.
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from pathlib import Path

import httpx

from bench.chaos_faults import RUN
from tests.support.servers import service_url

SERVICES = ("ingest", "transcode", "planner", "portal")
READY_S = 120.0


def _children(pid: int) -> list[int]:
    try:
        tasks = Path(f"/proc/{pid}/task").iterdir()
        return [int(c) for t in tasks for c in (t / "children").read_text().split()]
    except (FileNotFoundError, ProcessLookupError):
        return []


async def restart_service(name: str) -> str:
    """SIGTERM the service's process; wait for its successor to be ready."""
    supervisor = int((RUN / f"{name}.pid").read_text())
    before = _children(supervisor)
    for pid in before:
        os.kill(pid, signal.SIGTERM)
    started = time.monotonic()
    async with httpx.AsyncClient(base_url=service_url(name), timeout=3) as client:
        while time.monotonic() - started < READY_S:
            await asyncio.sleep(0.5)
            now = _children(supervisor)
            if not now or set(now) & set(before):
                continue  # the old process still drains, or the supervisor waits its backoff
            try:
                if (await client.get("/readyz")).status_code == 200:
                    took = time.monotonic() - started
                    return f"restarted {name} (pid {before} -> {now}, ready in {took:.1f} s)"
            except httpx.HTTPError:
                continue
    return f"{name} was not ready within {READY_S:.0f} s of its restart"


async def rolling_restart(window: float, log: list[str]) -> None:
    """Restart the services one by one, spread over `window` seconds of the workload."""
    started = time.monotonic()
    gap = window / (len(SERVICES) + 1)
    for name in SERVICES:
        await asyncio.sleep(gap)
        said = await restart_service(name)
        log.append(f"{time.monotonic() - started:5.1f}s {said}")
