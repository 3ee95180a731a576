"""The planner bench's closed loop: clients on their own connections taking the next job, each
request timed per operation, and the planner's CPU read from its processes."""

from __future__ import annotations

import asyncio
import contextlib
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import psutil


@dataclass
class Latencies:
    by_operation: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    failures: int = 0

    def all(self) -> list[float]:
        return [ms for samples in self.by_operation.values() for ms in samples]


def percentile(samples: list[float], share: float) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[int(share * 100) - 1]


def report(title: str, latencies: Latencies) -> None:
    print(f"-- {title}: p50 / p95 ms")
    for operation, samples in sorted(latencies.by_operation.items()):
        p50, p95 = percentile(samples, 0.5), percentile(samples, 0.95)
        print(f"   {operation:28s} n={len(samples):5d}  {p50:7.1f} / {p95:7.1f}")


Job = Callable[[aiohttp.ClientSession], Awaitable[None]]


async def in_parallel(base: str, jobs: list[Job], clients: int) -> None:
    """Closed loop: `clients` clients, each on its own connection, take the next job when done.

    The clients use aiohttp: the bench shares the machine's cores with the planner, and an
    httpx request costs the client about 1.3 ms of CPU against aiohttp's 0.2 ms (a shared
    httpx pool far more), which would be measured as planner latency.
    """
    queue: asyncio.Queue[Job] = asyncio.Queue()
    for job in jobs:
        queue.put_nowait(job)

    async def worker() -> None:
        connection = aiohttp.TCPConnector(limit=1)
        timeout = aiohttp.ClientTimeout(total=60)
        async with aiohttp.ClientSession(base, connector=connection, timeout=timeout) as session:
            while not queue.empty():
                await queue.get_nowait()(session)

    await asyncio.gather(*(worker() for _ in range(clients)))


async def call(
    session: aiohttp.ClientSession, method: str, url: str, **options: Any
) -> tuple[int, bytes]:
    """One request, its body read in full: (status, body)."""
    async with session.request(method, url, **options) as response:
        return response.status, await response.read()


Request = Callable[[aiohttp.ClientSession], Awaitable[tuple[int, bytes]]]


def timed(latencies: Latencies, operation: str, request: Request) -> Job:
    async def job(session: aiohttp.ClientSession) -> None:
        started = time.perf_counter()
        try:
            status, _ = await request(session)
        except aiohttp.ClientError as error:
            # A dropped connection is a failed request, not the end of the measurement.
            latencies.failures += 1
            print(f"{operation}: {error!r}", file=sys.stderr)
            return
        latencies.by_operation[operation].append((time.perf_counter() - started) * 1000)
        if status >= 300:
            latencies.failures += 1

    return job


def cpu_seconds(process: psutil.Process, *, children: bool) -> float:
    """User and system CPU time of a process (and of its live children: worker processes)."""
    total = 0.0
    for member in [process, *(process.children(recursive=True) if children else [])]:
        with contextlib.suppress(psutil.Error):
            times = member.cpu_times()
            total += times.user + times.system
    return total
