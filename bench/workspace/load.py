"""Concurrent practitioners on the workspace's pages, and what the planner costs of them.

Every client is one practitioner logged in to the portal with its own cookie jar; each round
it fetches its case list, one of its cases and its player page, one after the other, as a
person clicking through would: with a pause before each page (reading it), or none (the
worst case for the stated concurrency, a measure of capacity).
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx
import psutil

from bench.workspace.seed import Cohort, Practitioner, planner_client
from bench.workspace.stack import BenchError, Stack, logged_in
from tests.support.servers import service_port

PAGES = ("case list", "case page", "player page")
LOGINS_AT_ONCE = 2


@dataclass
class Timings:
    """Milliseconds by name: as the client saw them, and what Server-Timing said if sent."""

    client: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    server: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    logged: dict[str, list[float]] = field(default_factory=dict)  # the portal's access log

    def all(self) -> list[float]:
        return [ms for samples in self.client.values() for ms in samples]


def server_timing_ms(header: str | None) -> float | None:
    """The sum of the `dur` values of a Server-Timing header (None when absent)."""
    if not header:
        return None
    total, found = 0.0, False
    for metric in header.split(","):
        for part in metric.split(";")[1:]:
            name, _, value = part.strip().partition("=")
            if name == "dur":
                total, found = total + float(value), True
    return total if found else None


def page_paths(who: Practitioner, rng: random.Random) -> list[tuple[str, str]]:
    case = rng.choice(who.cases)
    paths = [("case list", "/workspace"), ("case page", f"/workspace/cases/{case.case_id}")]
    if who.player_url:
        paths.append(("player page", who.player_url))
    return paths


async def timed_get(
    client: httpx.AsyncClient, name: str, path: str, into: Timings, correlation: str
) -> None:
    started = time.perf_counter()
    answer = await client.get(path, headers={"X-Correlation-ID": correlation})
    into.client[name].append((time.perf_counter() - started) * 1000)
    if answer.status_code != 200:
        raise BenchError(f"{name} {path}: {answer.status_code} {answer.text[:300]}")
    reported = server_timing_ms(answer.headers.get("Server-Timing"))
    if reported is not None:
        into.server[name].append(reported)


async def log_in_all(people: list[Practitioner]) -> list[httpx.AsyncClient]:
    """One portal session per practitioner, each with its own connection and cookie jar.

    Two logins at a time: the portal verifies each password (argon2, a third of a CPU second
    here) on its event loop inside a database transaction, so fifty at once hold its pool
    past its timeout and fail (500) -- people do not all log in in the same second."""
    gate = asyncio.Semaphore(LOGINS_AT_ONCE)

    async def one(who: Practitioner) -> httpx.AsyncClient:
        async with gate:
            return await logged_in(who.username, who.password, 1)

    sessions = await asyncio.gather(*(one(p) for p in people))
    await asyncio.gather(*(c.get("/workspace") for c in sessions))  # warm: connection, render
    return sessions


async def on_pages(
    sessions: list[httpx.AsyncClient],
    people: list[Practitioner],
    rounds: int,
    tag: str,
    think_s: float = 0.0,
) -> Timings:
    """All sessions at once, `rounds` times through their three pages; every request's
    correlation id starts with `tag`. `think_s`: mean pause before each page (0: none)."""
    timings = Timings()

    async def person(client: httpx.AsyncClient, who: Practitioner, seed: int) -> None:
        rng = random.Random(seed)
        for n in range(rounds):
            for name, path in page_paths(who, rng):
                if think_s:
                    await asyncio.sleep(rng.expovariate(1 / think_s))
                await timed_get(client, name, path, timings, f"{tag}{seed}-{n}-{name[:4]}")

    pairs = enumerate(zip(sessions, people, strict=True))
    await asyncio.gather(*(person(c, p, n) for n, (c, p) in pairs))
    return timings


def planner_calls(who: Practitioner, rng: random.Random) -> dict[str, list[str]]:
    """The planner GETs each page makes (services/portal/.../routes_workspace_*.py); the
    portal makes the calls of one list at once, the player's last one after the others."""
    case = rng.choice(who.cases)
    base = f"/cases/{case.case_id}"
    calls = {
        "case list": ["/cases?limit=200"],
        "case page": [
            base,
            f"{base}/consents",
            f"{base}/helping-questions",
            f"{base}/sessions?limit=200",
        ],
    }
    if who.player_url:
        footage = who.player_url.rsplit("/", 1)[1]
        player_case = f"/cases/{who.cases[0].case_id}"
        calls["player page"] = [player_case, f"{player_case}/footage/{footage}"]
    return calls


async def planner_share(stack: Stack, cohort: Cohort, clients: int, rounds: int) -> Timings:
    """The planner part of each page alone, at the same concurrency: the calls a page makes,
    gathered as the portal gathers them (the player's helping questions after the rest)."""
    people = cohort.practitioners[:clients]
    planners = [planner_client(stack, cohort, p) for p in people]
    timings = Timings()

    async def person(client: httpx.AsyncClient, who: Practitioner, seed: int) -> None:
        rng = random.Random(seed)
        for _ in range(rounds):
            for page, paths in planner_calls(who, rng).items():
                started = time.perf_counter()
                answers = await asyncio.gather(*(client.get(p) for p in paths))
                if page == "player page":
                    answers.append(await client.get(f"{paths[0]}/helping-questions"))
                timings.client[page].append((time.perf_counter() - started) * 1000)
                for answer in answers:
                    if answer.status_code != 200:
                        raise BenchError(f"planner {answer.request.url.path}: {answer.text}")

    try:
        await asyncio.gather(
            *(person(c, p, n) for n, (c, p) in enumerate(zip(planners, people, strict=True)))
        )
    finally:
        await asyncio.gather(*(c.aclose() for c in planners))
    return timings


async def each_planner_call(stack: Stack, cohort: Cohort, rounds: int) -> Timings:
    """Every planner call of the pages alone, one after the other, for one practitioner."""
    who = cohort.practitioners[0]
    calls = planner_calls(who, random.Random(0))
    paths = dict.fromkeys(path for page in calls.values() for path in page)
    paths[f"/cases/{who.cases[0].case_id}/helping-questions"] = None
    timings = Timings()
    async with planner_client(stack, cohort, who) as client:
        for _ in range(rounds):
            for path in paths:
                started = time.perf_counter()
                answer = await client.get(path)
                timings.client[path].append((time.perf_counter() - started) * 1000)
                if answer.status_code != 200:
                    raise BenchError(f"planner {path}: {answer.status_code} {answer.text}")
    return timings


def listening_processes(port: int) -> list[psutil.Process]:
    """Every process listening on `port`: each HTTP worker binds its own socket there."""
    pids = {
        connection.pid
        for connection in psutil.net_connections(kind="tcp")
        if connection.laddr and connection.laddr.port == port and connection.status == "LISTEN"
    }
    return [psutil.Process(pid) for pid in sorted(pid for pid in pids if pid)]


def cpu_seconds(processes: list[psutil.Process]) -> float:
    """User and system seconds of a server's workers and their children."""
    members = {m.pid: m for p in processes for m in (p, *p.children(recursive=True))}
    total = 0.0
    for member in members.values():
        try:
            times = member.cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system
    return total


async def with_cpu(
    work: Callable[[], Awaitable[Timings]],
) -> tuple[Timings, float, dict[str, float]]:
    """The work's timings, its wall seconds, and the CPU seconds the portal, the planner and
    this process spent meanwhile (their own processes: comparable across machine speeds)."""
    servers = {name: listening_processes(service_port(name)) for name in ("portal", "planner")}
    before = {n: cpu_seconds(p) for n, p in servers.items() if p}
    before["bench clients"] = time.process_time()
    started = time.perf_counter()
    timings = await work()
    wall = time.perf_counter() - started
    after = {n: cpu_seconds(p) for n, p in servers.items() if p}
    after["bench clients"] = time.process_time()
    return timings, wall, {n: after[n] - before[n] for n in after}
