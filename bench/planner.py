"""Planner latency under load, and the outbox relay against a bare aiokafka producer loop.

Runs the planner as a subprocess against the shared servers (var/secrets/local.env) in a
fresh schema and topic prefix, seeds a directory and `--cases` cases through the API, then
measures the common reads and writes under `--clients` concurrent clients (closed loop: each
client sends its next request when the last is answered), with the CPU each request cost the
planner's processes and the bench's client. Then stages `--events` outbox rows and times the
OutboxRelay publishing them against a bare producer loop sending the same records. Everything
it created is removed afterwards.

    uv run python -m bench.planner [--cases 1000] [--clients 50] [--requests 5000]
                                   [--practitioners 25] [--events 20000] [--workers N]

Last line: p95_ms=<n> relay_vs_bare=<ratio>
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any
from uuid import uuid4

import aiohttp
import httpx
import psutil
from spin_contracts.claims import Role
from spin_contracts.events import Envelope, Tenant
from spin_contracts.events.planner import SessionKind, SessionRecorded
from spin_contracts.topics import Topic, topic_name
from spin_planner.api.app import MIGRATIONS
from spin_planner.settings import PlannerSettings
from spincore.auth import TokenIssuer
from spincore.db import OutboxRelay, make_engine
from spincore.db.migrations import upgrade_to_head
from spincore.db.outbox import OUTBOX
from spincore.kafka import make_producer
from spincore.kafka_access import relay_transactional_id
from spincore.kafka_connection import KafkaConnection
from sqlalchemy import insert

from bench.ingest import endpoints_from, local_env
from bench.machine import loop_seconds, speed_line
from tests.support.http import free_port, until_ready
from tests.support.isolation import Isolation

INSTITUTE, AGENCY, SITE = "bench-inst", "bench-agency", "bench-site"
SEND_BATCH = 500  # what the relay publishes per round trip; the bare loop does the same


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=int(os.environ.get("BENCH_CASES", "1000")))
    parser.add_argument("--clients", type=int, default=int(os.environ.get("BENCH_CLIENTS", "50")))
    parser.add_argument(
        "--requests", type=int, default=int(os.environ.get("BENCH_REQUESTS", "5000"))
    )
    parser.add_argument("--practitioners", type=int, default=25)
    parser.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("BENCH_WORKERS", "0")),
        help="the planner's HTTP worker processes (default: its SPIN_HTTP_WORKERS default)",
    )
    parser.add_argument("--events", type=int, default=int(os.environ.get("BENCH_EVENTS", "20000")))
    return parser.parse_args()


@dataclass
class Latencies:
    by_operation: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    failures: int = 0

    def all(self) -> list[float]:
        return [ms for samples in self.by_operation.values() for ms in samples]


def percentile(samples: list[float], share: float) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[int(share * 100) - 1]


class People:
    def __init__(self, issuer: TokenIssuer, practitioners: int) -> None:
        self.issuer = issuer
        self.guides = [f"guide-{n:03d}" for n in range(practitioners)]

    def headers(self, subject: str, role: Role, agency: str | None = AGENCY) -> dict[str, str]:
        token = self.issuer.mint(
            subject=subject,
            role=role,
            institute_id=INSTITUTE,
            agency_id=agency,
            valid_for=timedelta(hours=2),
        )
        return {"Authorization": f"Bearer {token}"}


async def stop(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        process.terminate()
        await asyncio.wait_for(process.wait(), 30)


async def checked(response: Awaitable[httpx.Response]) -> dict[str, Any]:
    answer = await response
    if answer.status_code >= 300:
        raise RuntimeError(f"{answer.request.url}: {answer.status_code} {answer.text}")
    body: dict[str, Any] = answer.json()
    return body


async def seed_directory(client: httpx.AsyncClient, people: People) -> None:
    ops = people.headers("bench", Role.SERVICE, None)
    await checked(
        client.post(
            "/institutes", json={"id": INSTITUTE, "name": "B", "country": "US"}, headers=ops
        )
    )
    await checked(
        client.post(
            "/agencies", json={"id": AGENCY, "institute_id": INSTITUTE, "name": "B"}, headers=ops
        )
    )
    await checked(
        client.post("/sites", json={"id": SITE, "agency_id": AGENCY, "name": "B"}, headers=ops)
    )
    for guide in people.guides:
        body = {"id": guide, "site_id": SITE, "display_name": guide}
        await checked(client.post("/practitioners", json=body, headers=ops))


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


def new_case_body(n: int) -> dict[str, Any]:
    return {
        "delivery_setting": "birth_family_home",
        "caregivers": [{"relation": "mother"}],
        "children": [{"age": n % 18}],
        "opened_on": (date.today() - timedelta(days=60)).isoformat(),
        "self_rating_start": 1 + n % 10,
    }


async def seed_cases(
    base: str, people: People, count: int, clients: int, latencies: Latencies
) -> list[tuple[str, dict[str, str]]]:
    """Open `count` cases spread over the guides (timed as the write `open case`)."""
    cases: list[tuple[str, dict[str, str]]] = []
    guide_headers = [people.headers(g, Role.PRACTITIONER) for g in people.guides]

    def opener(n: int) -> Job:
        headers = guide_headers[n % len(guide_headers)]

        async def job(session: aiohttp.ClientSession) -> None:
            started = time.perf_counter()
            status, body = await call(
                session, "POST", "/cases", json=new_case_body(n), headers=headers
            )
            if status != 201:
                raise RuntimeError(f"POST /cases: {status} {body.decode()}")
            latencies.by_operation["POST /cases"].append((time.perf_counter() - started) * 1000)
            cases.append((json.loads(body)["id"], headers))

        return job

    await in_parallel(base, [opener(n) for n in range(count)], clients)
    return cases


def workload(
    people: People,
    cases: list[tuple[str, dict[str, str]]],
    requests: int,
    latencies: Latencies,
) -> list[Job]:
    """The common reads and writes of a practitioner's day, in a fixed mix."""
    admin = people.headers("admin", Role.AGENCY_ADMIN)
    jobs = []
    for n in range(requests):
        case_id, headers = cases[(n * 7919) % len(cases)]
        name, request = operation(n, case_id, headers, admin)
        jobs.append(timed(latencies, name, request))
    return jobs


def operation(
    n: int, case_id: str, headers: dict[str, str], admin: dict[str, str]
) -> tuple[str, Request]:
    """The n-th request of the mix: four reads and two writes in turn."""
    held_at = (datetime.now(UTC) - timedelta(days=1, minutes=n)).isoformat()
    case = f"/cases/{case_id}"
    match n % 6:
        case 0:
            return "GET /cases/{id}", partial(call, method="GET", url=case, headers=headers)
        case 1:
            mine = {"limit": 20}
            return "GET /cases (mine)", partial(
                call, method="GET", url="/cases", params=mine, headers=headers
            )
        case 2:
            open_: dict[str, str | int] = {"status": "open", "limit": 50}
            return "GET /cases (agency)", partial(
                call, method="GET", url="/cases", params=open_, headers=admin
            )
        case 3:
            return "GET /cases/{id}/sessions", partial(
                call, method="GET", url=f"{case}/sessions", headers=headers
            )
        case 4:
            question = {"words": "why does bedtime end in a fight?", "recorded_at": held_at}
            return "POST helping question", partial(
                call, method="POST", url=f"{case}/helping-questions", json=question, headers=headers
            )
        case _:
            filming = {"held_at": held_at, "duration_minutes": 45, "children_present": True}
            return "POST filming session", partial(
                call, method="POST", url=f"{case}/sessions/filming", json=filming, headers=headers
            )


def cpu_seconds(process: psutil.Process, *, children: bool) -> float:
    """User and system CPU time of a process (and of its live children: worker processes)."""
    total = 0.0
    for member in [process, *(process.children(recursive=True) if children else [])]:
        with contextlib.suppress(psutil.Error):
            times = member.cpu_times()
            total += times.user + times.system
    return total


async def api_latency(
    base: str, people: People, args: argparse.Namespace, server: psutil.Process
) -> Latencies:
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        await seed_directory(client, people)
    seeding = Latencies()
    started = time.perf_counter()
    cases = await seed_cases(base, people, args.cases, args.clients, seeding)
    print(f"seeded {len(cases)} cases in {time.perf_counter() - started:.1f} s")
    report("seeding", seeding)
    latencies = Latencies()
    bench = psutil.Process()
    server_cpu, client_cpu = cpu_seconds(server, children=True), cpu_seconds(bench, children=False)
    started = time.perf_counter()
    await in_parallel(base, workload(people, cases, args.requests, latencies), args.clients)
    elapsed = time.perf_counter() - started
    per_request = {
        "planner": (cpu_seconds(server, children=True) - server_cpu) * 1000 / args.requests,
        "bench client": (cpu_seconds(bench, children=False) - client_cpu) * 1000 / args.requests,
    }
    print(
        f"{args.requests} requests by {args.clients} clients in {elapsed:.1f} s "
        f"({args.requests / elapsed:.0f} req/s), {latencies.failures} failed; CPU per request: "
        + ", ".join(f"{who} {ms:.2f} ms" for who, ms in per_request.items())
    )
    report("mixed load", latencies)
    return latencies


def report(title: str, latencies: Latencies) -> None:
    print(f"-- {title}: p50 / p95 ms")
    for operation, samples in sorted(latencies.by_operation.items()):
        p50, p95 = percentile(samples, 0.5), percentile(samples, 0.95)
        print(f"   {operation:28s} n={len(samples):5d}  {p50:7.1f} / {p95:7.1f}")


def staged_records(prefix: str, count: int) -> list[tuple[bytes, bytes, str]]:
    """(key, payload, topic) of realistic session.recorded events over 1,000 cases."""
    topic = topic_name(Topic.PLANNER, prefix)
    case_ids = [uuid4() for _ in range(1000)]
    tenant = Tenant(institute_id=INSTITUTE, agency_id=AGENCY, site_id=SITE)
    records = []
    for n in range(count):
        event = SessionRecorded(
            case_id=case_ids[n % len(case_ids)],
            case_code=f"BENCH-{n % 1000:05d}",
            session_id=uuid4(),
            kind=SessionKind.FILMING,
            practitioner_id="guide-001",
            held_at=datetime.now(UTC),
            duration_minutes=45,
            children_present=True,
            filming_session_ref=str(uuid4()),
        )
        envelope = Envelope.wrap(event, producer="bench", tenant=tenant)
        records.append((event.partition_key().encode(), envelope.to_bytes(), topic))
    return records


async def relay_rate(settings: PlannerSettings, records: list[tuple[bytes, bytes, str]]) -> float:
    await asyncio.to_thread(upgrade_to_head, settings, MIGRATIONS)
    engine = make_engine(settings)
    relay = OutboxRelay(
        engine,
        settings.kafka,
        transactional_id=relay_transactional_id("bench-relay", settings.topic_prefix),
        progress_topic=topic_name(Topic.OUTBOX_PROGRESS, settings.topic_prefix),
        batch_size=SEND_BATCH,
    )
    try:
        async with engine.begin() as conn:
            rows = [
                {
                    "event_id": uuid4(),
                    "event_type": "session.recorded",
                    "topic": topic,
                    "key": key,
                    "payload": payload,
                }
                for key, payload, topic in records
            ]
            for start in range(0, len(rows), 2000):
                await conn.execute(insert(OUTBOX), rows[start : start + 2000])
        started = time.perf_counter()
        while relay.published < len(records):
            if not await relay.publish_batch():
                # Nothing published this round (the relay polls the same way): try again.
                await asyncio.sleep(0.005)
        return len(records) / (time.perf_counter() - started)
    finally:
        await relay.resign()
        await engine.dispose()


async def bare_rate(kafka: KafkaConnection, records: list[tuple[bytes, bytes, str]]) -> float:
    producer = make_producer(kafka, "bench-bare")
    await producer.start()
    try:
        started = time.perf_counter()
        for start in range(0, len(records), SEND_BATCH):
            batch = records[start : start + SEND_BATCH]
            acks = [await producer.send(topic, payload, key=key) for key, payload, topic in batch]
            await asyncio.gather(*acks)
        return len(records) / (time.perf_counter() - started)
    finally:
        await producer.stop()


async def main(args: argparse.Namespace) -> None:
    speed_before = loop_seconds()
    env = local_env()
    isolation = Isolation(endpoints_from(env))
    issuer = TokenIssuer.from_file(Path(env["SPIN_AUTH_PRIVATE_KEY_FILE"]), "spin-vig")
    people = People(issuer, args.practitioners)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    child_env = {
        **os.environ,
        **env,
        "SPIN_TOPIC_PREFIX": isolation.topic_prefix,
        "SPIN_DB_SCHEMA": isolation.schema,
        "SPIN_S3_BUCKET": isolation.bucket,
        "SPIN_HTTP_PORT": str(port),
        "SPIN_LOG_LEVEL": "WARNING",
    }
    if args.workers:
        child_env["SPIN_HTTP_WORKERS"] = str(args.workers)
    await isolation.create_topics()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        "from spin_planner.main import run; run()",
        env=child_env,
    )
    try:
        await until_ready(base, process)
        latencies = await api_latency(base, people, args, psutil.Process(process.pid))
        await stop(process)
        relay_settings = isolation.settings(
            PlannerSettings, env="development", db_schema=f"{isolation.schema}_relay"
        )
        records = staged_records(isolation.topic_prefix, args.events)
        await bare_rate(isolation.endpoints.kafka, records[:SEND_BATCH])  # warm up
        bare = await bare_rate(isolation.endpoints.kafka, records)
        relay = await relay_rate(relay_settings, records)
    finally:
        await stop(process)
        await isolation.clean_up()

    samples = latencies.all()
    p50, p95 = percentile(samples, 0.5), percentile(samples, 0.95)
    print(f"all operations: p50={p50:.1f} ms p95={p95:.1f} ms over {len(samples)} requests")
    print(f"outbox relay: {relay:,.0f} events/s; bare producer loop: {bare:,.0f} events/s")
    print(speed_line(speed_before))
    print(f"p95_ms={p95:.0f} relay_vs_bare={relay / bare:.2f}")


if __name__ == "__main__":
    asyncio.run(main(parse_args()))
