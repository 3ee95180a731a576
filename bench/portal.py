"""Portal at scale: the live projection and its rebuild against a bare consumer, freshness,
page latency.

Publishes `--events` generated events (about 75 per case; `--agencies` agencies) to a fresh
topic prefix and schema on the shared servers (var/secrets/local.env), then in one run:
1. a bare aiokafka consumer reads the four fact topics end to end (nothing else);
2. the portal (in-process; its batching consumer) projects the same events: events per second
   from its first projected event until every event is recorded, and until indicators settle;
3. the overview and agency pages are fetched `--requests` times each over HTTP (p95);
4. freshness: `--rate` events/s for `--seconds`, each timed from publication to the read model;
5. `spin-portal-admin rebuild`'s code path (the same consumer, replayed into a fresh schema,
   then switched in) rebuilds the read model from scratch.
Everything it created is removed afterwards. Figures go to docs/performance.md.

    uv run python -m bench.portal [--events 1000000] [--agencies 100] [--requests 200]

Last line: projection_vs_bare=<r> projection_vs_rebuild=<r> rebuild_vs_bare=<r> rebuild_s=<n>
freshness_p95_s=<n> overview_p95_ms=<n>
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import httpx
import uvloop
from aiokafka import AIOKafkaConsumer
from spin_contracts.events.envelope import Envelope, Event
from spin_contracts.topics import topic_name
from spin_demo.directory import Sizes
from spin_demo.events import history_events, publish_all
from spin_portal.adapters.accounts import create_user
from spin_portal.adapters.position_tables import POSITIONS
from spin_portal.adapters.read_model import FACT_TOPICS
from spin_portal.adapters.rebuild import rebuild
from spin_portal.adapters.tables import DIRTY_CASES
from spin_portal.api.app import create_app
from spin_portal.domain.accounts import PortalRole
from spin_portal.settings import PortalSettings
from spincore.db import make_engine
from spincore.gc_tuning import settle_gc
from spincore.kafka import make_producer
from spincore.logging import configure_logging
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bench.ingest import endpoints_from, local_env
from bench.machine import loop_seconds, speed_line
from bench.portal_freshness import freshness, p95
from tests.support.http import serving
from tests.support.isolation import Isolation

EVENTS_PER_CASE = 130  # what the generator produces on average
PASSWORD = "bench-password-123"  # noqa: S105 - a throw-away login of a throw-away schema


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    env = os.environ.get
    parser.add_argument("--events", type=int, default=int(env("BENCH_EVENTS", "1000000")))
    parser.add_argument("--agencies", type=int, default=int(env("BENCH_AGENCIES", "100")))
    parser.add_argument("--requests", type=int, default=int(env("BENCH_REQUESTS", "200")))
    parser.add_argument("--rate", type=int, default=int(env("BENCH_RATE", "500")))
    parser.add_argument("--seconds", type=float, default=float(env("BENCH_SECONDS", "20")))
    return parser.parse_args()


def sizes_for(events: int, agencies: int) -> Sizes:
    return Sizes(
        institutes=max(1, agencies // 10),
        agencies=agencies,
        sites=agencies * 3,
        practitioners=agencies * 10,
        cases=max(1, events // EVENTS_PER_CASE),
        months=18,
        end=date(2026, 10, 31),
    )


def first(
    events: int, stream: Iterator[tuple[Envelope, Event]]
) -> Iterator[tuple[Envelope, Event]]:
    for n, item in enumerate(stream):
        if n >= events:
            return
        yield item


Ends = dict[tuple[str, int], int]  # (topic, partition): end offset


async def bare_read(settings: PortalSettings) -> tuple[int, float, float, Ends]:
    """Read every fact topic from the beginning to its end with a plain aiokafka consumer."""
    topics = [topic_name(t, settings.topic_prefix) for t in FACT_TOPICS]
    consumer = AIOKafkaConsumer(
        *topics,
        **settings.kafka.client_options(),
        group_id=None,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    try:
        partitions = list(consumer.assignment())
        while not partitions:
            await asyncio.sleep(0.1)
            partitions = list(consumer.assignment())
        ends = {tp: o for tp, o in (await consumer.end_offsets(partitions)).items() if o > 0}
        at_end = {(tp.topic, tp.partition): o for tp, o in ends.items()}
        started, cpu_started, count = time.perf_counter(), time.process_time(), 0
        while ends:
            fetched = await consumer.getmany(timeout_ms=1000, max_records=5000)
            count += sum(len(messages) for messages in fetched.values())
            # By position, not by the last message: a commit marker may end a partition.
            ends = {tp: end for tp, end in ends.items() if await consumer.position(tp) < end}
        return count, time.perf_counter() - started, time.process_time() - cpu_started, at_end
    finally:
        await consumer.stop()


async def standing(engine: AsyncEngine, ends: Ends) -> tuple[int, bool, int]:
    """Partitions the read model has positions for, whether they reach `ends`, dirty cases.
    (Its positions, not a count of its dedupe table: that count would load PostgreSQL more
    and more as the table grows, beside the projection being measured.)"""
    async with engine.connect() as conn:
        rows = (await conn.execute(select(POSITIONS))).all()
        dirty = await conn.scalar(select(func.count()).select_from(DIRTY_CASES))
    stored = {(r.topic, r.partition): r.next_offset for r in rows}
    reached = all(stored.get(key, 0) >= end for key, end in ends.items())
    return len(stored), reached, int(dirty or 0)


@dataclass(frozen=True)
class Projection:
    recorded_s: float  # from the first projected event to the last
    settled_s: float  # until no case is dirty
    cpu_s: float  # this process's CPU time (every thread) until recorded: load-independent


async def project(engine: AsyncEngine, ends: Ends) -> Projection:
    while True:
        if (await standing(engine, ends))[0]:
            break
        await asyncio.sleep(0.05)
    started, cpu_started = time.perf_counter(), time.process_time()
    recorded: tuple[float, float] | None = None
    while True:
        _, reached, dirty = await standing(engine, ends)
        if reached and recorded is None:
            recorded = time.perf_counter() - started, time.process_time() - cpu_started
        if recorded is not None and dirty == 0:
            return Projection(recorded[0], time.perf_counter() - started, recorded[1])
        await asyncio.sleep(0.2)


async def page_times(url: str, sizes: Sizes, requests: int) -> tuple[float, float]:
    async with httpx.AsyncClient(base_url=url, timeout=60) as client:
        form = await client.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
        assert token is not None
        await client.post(
            "/login",
            data={"username": "bench-staff", "password": PASSWORD, "csrf_token": token.group(1)},
        )
        overview: list[float] = []
        agency: list[float] = []
        rng = random.Random(1)
        agencies = [f"agency-{n + 1}" for n in range(0, sizes.agencies, sizes.institutes)]
        for _ in range(requests):
            for samples, path in (
                (overview, "/institutes/inst-1"),
                (agency, f"/agencies/{rng.choice(agencies)}"),
            ):
                started = time.perf_counter()
                response = await client.get(path)
                samples.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (path, response.status_code)
    return p95(overview), p95(agency)


async def main() -> None:
    speed_before = loop_seconds()
    args = parse_args()
    configure_logging("bench", "WARNING")
    sizes = sizes_for(args.events, args.agencies)
    isolation = Isolation(endpoints_from(local_env()), token=f"bp{os.getpid()}")
    settings = isolation.settings(PortalSettings, env="development", cookie_secure=False)
    await isolation.create_topics()
    try:
        producer = make_producer(settings.kafka, "portal-bench")
        await producer.start()
        started = time.perf_counter()
        events = await publish_all(
            producer, first(args.events, history_events(sizes, 3)), settings.topic_prefix
        )
        await producer.stop()
        print(
            f"published {events} events ({sizes.cases} cases, {sizes.agencies} agencies) "
            f"in {time.perf_counter() - started:.0f} s"
        )

        bare_count, bare_s, bare_cpu_s, ends = await bare_read(settings)
        bare_rate = bare_count / bare_s
        print(
            f"bare aiokafka consumer: {bare_count} events in {bare_s:.1f} s "
            f"= {bare_rate:,.0f} events/s ({bare_cpu_s / bare_count * 1e6:.1f} us CPU per event)"
        )

        app = create_app(settings)
        settle_gc()  # as `spincore.launch.serve` does before serving it
        async with serving(app) as url:
            engine = app.state.runtime.engine
            projection = await project(engine, ends)
            projection_rate = events / projection.recorded_s
            print(
                f"live projection: {events} events in {projection.recorded_s:.1f} s = "
                f"{projection_rate:,.0f} events/s "
                f"({projection.cpu_s / events * 1e6:.0f} us CPU per event in this process); "
                f"indicators settled after {projection.settled_s:.1f} s"
            )
            async with engine.begin() as conn:
                await create_user(
                    conn,
                    username="bench-staff",
                    password=PASSWORD,
                    role=PortalRole.INSTITUTE_STAFF,
                    institute_id="inst-1",
                    agency_id=None,
                )
            overview_p95, agency_p95 = await page_times(url, sizes, args.requests)
            print(
                f"pages, {args.requests} requests each: overview p95 {overview_p95:.0f} ms, "
                f"agency p95 {agency_p95:.0f} ms"
            )
            fresh_p95, sent = await freshness(settings, engine, sizes, args.rate, args.seconds)
            print(
                f"freshness while {args.rate} events/s arrive: {sent} events, published -> in the "
                f"read model p95 {fresh_p95:.2f} s"
            )
        engine = make_engine(settings)
        report = await rebuild(settings, engine)
        await engine.dispose()
        # The same consumer and projection as the live one, replayed into a fresh schema.
        replay_rate = report.events / report.replay_seconds
        print(
            f"rebuild: {report.events} events, {report.cases} cases in {report.seconds:.1f} s "
            f"(replay {report.replay_seconds:.1f} s = {replay_rate:,.0f} events/s); "
            f"the live projection reaches {projection_rate / replay_rate:.2f} of it"
        )
        print(speed_line(speed_before))
        print(
            f"projection_vs_bare={projection_rate / bare_rate:.3f} "
            f"projection_vs_rebuild={projection_rate / replay_rate:.2f} "
            f"rebuild_vs_bare={replay_rate / bare_rate:.3f} rebuild_s={report.seconds:.1f} "
            f"freshness_p95_s={fresh_p95:.2f} overview_p95_ms={overview_p95:.0f}"
        )
    finally:
        await isolation.clean_up()


if __name__ == "__main__":
    uvloop.run(main())  # the loop the portal runs on (uvicorn picks uvloop)
