"""The portal rebuild's replay alone, with the CPU it costs per event: this process's and
PostgreSQL's (its server processes, read from /proc: the local PostgreSQL `make up` started),
and the time the replay waited: for a core (the machine's other work) and for the servers.

Publishes `--events` generated events to a fresh topic prefix and schema, migrates it, then
`--repeats` times: a bare aiokafka consumer reads the fact topics, and the rebuild's consumer
replays them into a fresh schema as the rebuild does, its secondary indexes built after
(no indicators, no switch). For where the time goes, run it
under a sampling profiler: `py-spy record -o replay.svg -- python -m bench.portal_replay`.
Figures go to docs/performance.md ("Where the rebuild's time goes").

    uv run python -m bench.portal_replay [--events 100000] [--batch 5000] [--repeats 2]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from pathlib import Path

import uvloop
from spin_demo.events import history_events, publish_all
from spin_portal.adapters.rebuild import create_fresh, replay_into
from spin_portal.api.app import MIGRATIONS
from spin_portal.settings import PortalSettings
from spincore.db import make_engine
from spincore.db.migrations import upgrade_to_head
from spincore.gc_tuning import settle_gc
from spincore.kafka import make_producer
from spincore.logging import configure_logging
from sqlalchemy import text

from bench.ingest import endpoints_from, local_env
from bench.portal import bare_read, first, sizes_for
from tests.support.isolation import Isolation

POSTGRES_DATA = Path(__file__).resolve().parent.parent / "var" / "data" / "postgres"
TICK = os.sysconf("SC_CLK_TCK")


def _times(pid: int) -> tuple[int, list[int]]:
    """A process's parent and its utime, stime, cutime, cstime (clock ticks)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[1]), [int(x) for x in fields[11:15]]


def postgres_cpu_s() -> float:
    """CPU seconds of the local PostgreSQL: its postmaster (with the backends it reaped) and
    its live children."""
    master = int((POSTGRES_DATA / "postmaster.pid").read_text().split()[0])
    ticks = sum(_times(master)[1])
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent, times = _times(int(entry.name))
        except (OSError, IndexError):
            continue  # gone meanwhile
        if parent == master:
            ticks += times[0] + times[1]
    return ticks / TICK


def run_queue_s() -> float:
    """Seconds this process's main thread waited for a core (ready to run, not running)."""
    return int(Path("/proc/thread-self/schedstat").read_text().split()[1]) / 1e9


async def replay_once(settings: PortalSettings, batch: int) -> str:
    count, seconds, cpu_s, _ = await bare_read(settings)
    engine = make_engine(settings)
    fresh = await create_fresh(engine, settings.db_schema)
    try:
        started, cpu, pg, queued = (
            time.perf_counter(),
            time.process_time(),
            postgres_cpu_s(),
            run_queue_s(),
        )
        counts = await replay_into(settings, engine, fresh, batch)
        wall = time.perf_counter() - started
        cpu, pg = time.process_time() - cpu, postgres_cpu_s() - pg
        queued = run_queue_s() - queued
    finally:
        async with engine.begin() as conn:
            await conn.execute(text(f'DROP SCHEMA IF EXISTS "{fresh}" CASCADE'))
        await engine.dispose()
    events, bare = counts.events, count / seconds
    return (
        f"bare {bare:,.0f} events/s ({cpu_s / count * 1e6:.1f} us CPU per event); replay "
        f"{events} events in {wall:.1f} s = {events / wall:,.0f} events/s, "
        f"rebuild_vs_bare={events / wall / bare:.3f}; CPU per event: this process "
        f"{cpu / events * 1e6:.1f} us, PostgreSQL {pg / events * 1e6:.1f} us; waiting per "
        f"event: for a core {queued / events * 1e6:.1f} us, for the servers (neither running "
        f"nor ready) {(wall - cpu - queued) / events * 1e6:.1f} us; "
        f"load {os.getloadavg()[0]:.1f}"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    configure_logging("bench", "WARNING")
    isolation = Isolation(endpoints_from(local_env()), token=f"br{os.getpid()}")
    settings = isolation.settings(PortalSettings, env="development", cookie_secure=False)
    await isolation.create_topics()
    try:
        producer = make_producer(settings.kafka, "portal-replay-bench")
        await producer.start()
        stream = first(args.events, history_events(sizes_for(args.events, 100), 3))
        await publish_all(producer, stream, settings.topic_prefix)
        await producer.stop()
        await asyncio.to_thread(upgrade_to_head, settings, MIGRATIONS)
        settle_gc()
        for _ in range(args.repeats):
            print(await replay_once(settings, args.batch), flush=True)
    finally:
        await isolation.clean_up()


if __name__ == "__main__":
    uvloop.run(main())  # the loop the portal runs on
