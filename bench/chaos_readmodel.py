"""After the chaos run: the portal's read model, as its live projection left it, equals a fresh
rebuild. Snapshot the read-model tables' rows (once the projection has settled), run
`spin-portal-admin rebuild` (the CLI, as an operator would), snapshot again and compare.

Columns the database fills in when a row is written (a server default or an on-update such as
`updated_at`) say when the row was written, not what it says: they are left out."""

from __future__ import annotations

import asyncio
import os
import subprocess
import time
from collections import Counter

import httpx
from aiokafka import AIOKafkaConsumer, TopicPartition
from spin_contracts.topics import topic_name
from spin_portal.adapters.position_tables import POSITIONS
from spin_portal.adapters.read_model import FACT_TOPICS
from spin_portal.adapters.tables import READ_MODEL
from spincore.db import make_engine
from spincore.settings import ServiceSettings
from sqlalchemy import Table, select

from bench.chaos_checks import Row
from tests.support.servers import LOCAL_ENV, ROOT, service_url

Snapshot = dict[str, Counter[tuple[str, ...]]]
SETTLE_S = 180.0


def _content_columns(table: Table) -> list[str]:
    return [c.name for c in table.columns if c.server_default is None and c.onupdate is None]


async def snapshot(settings: ServiceSettings) -> Snapshot:
    engine = make_engine(settings, pool_size=1)
    try:
        rows: Snapshot = {}
        async with engine.connect() as conn:
            for table in READ_MODEL:
                columns = [table.c[name] for name in _content_columns(table)]
                result = await conn.execute(select(*columns))
                rows[table.name] = Counter(tuple(map(repr, r)) for r in result)
        return rows
    finally:
        await engine.dispose()


async def portal_ready() -> bool:
    try:
        async with httpx.AsyncClient(base_url=service_url("portal"), timeout=5) as client:
            return (await client.get("/readyz")).status_code == 200
    except httpx.HTTPError:
        return False


async def settled(settings: ServiceSettings) -> Snapshot:
    """The read model once the portal is up and four snapshots 5 s apart agree (its projection
    has caught up; a portal down or restarting would look settled too)."""
    deadline = time.monotonic() + SETTLE_S
    last, agreed = await snapshot(settings), 0
    while time.monotonic() < deadline and agreed < 3:
        await asyncio.sleep(5)
        now = await snapshot(settings)
        agreed = agreed + 1 if now == last and await portal_ready() else 0
        last = now
    if agreed < 3:
        print(f"  the read model did not settle within {SETTLE_S:.0f} s (or the portal is down)")
    return last


async def lagging(settings: ServiceSettings) -> list[str]:
    """Partitions where the live read model stands before the topic's end: a projection that
    stalled there (rather than one that read past an event)."""
    engine = make_engine(settings, pool_size=1)
    try:
        async with engine.connect() as conn:
            rows = (await conn.execute(select(POSITIONS))).all()
    finally:
        await engine.dispose()
    stands = {TopicPartition(r.topic, r.partition): r.next_offset for r in rows}
    consumer = AIOKafkaConsumer(**settings.kafka.client_options(), enable_auto_commit=False)
    await consumer.start()
    try:
        await consumer.topics()  # the cluster's metadata, so partitions are known
        names = [topic_name(t, settings.topic_prefix) for t in FACT_TOPICS]
        partitions = [
            TopicPartition(name, n)
            for name in names
            for n in sorted(consumer.partitions_for_topic(name) or set())
        ]
        ends = await consumer.end_offsets(partitions) if partitions else {}
    finally:
        await consumer.stop()
    return [
        f"{tp.topic}[{tp.partition}] at {stands.get(tp, 0)} of {end}"
        for tp, end in sorted(ends.items())
        if stands.get(tp, 0) < end
    ]


def rebuild_with_cli(env: dict[str, str]) -> str:
    """`spin-portal-admin rebuild` on the portal's schema, as the operator (admin) principal."""
    child = {**os.environ, **env, "SPIN_DB_SCHEMA": "portal", "SPIN_SERVICE_NAME": "portal"}
    done = subprocess.run(
        [
            str(ROOT / ".venv" / "bin" / "spin-portal-admin"),
            "rebuild",
            "--env-file",
            str(LOCAL_ENV),
        ],
        env=child,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else "rebuilt"


def differences(live: Snapshot, rebuilt: Snapshot) -> list[Row]:
    """One row per read-model table: rows checked, missing from the live one, extra in it."""
    table_rows: list[Row] = []
    for name in live:
        before, after = live[name], rebuilt.get(name, Counter())
        missing = sum((after - before).values())  # the rebuild has it, the live one not
        extra = sum((before - after).values())  # the live one has it (or twice), the rebuild not
        if missing or extra:
            examples = [r[0] for r in list((after - before) + (before - after))[:3]]
            print(f"  read model {name}: {missing} missing, {extra} extra (first keys {examples})")
        table_rows.append((f"  read model {name} = rebuild", sum(after.values()), missing, extra))
    return table_rows


async def read_model_rows(env: dict[str, str]) -> list[Row]:
    """The read-model check's table rows (and its differences printed)."""
    settings = ServiceSettings(_env_file=LOCAL_ENV, db_schema="portal")
    live = await settled(settings)
    # An end may be a transaction's commit marker one past the last record: say, not judge.
    for line in await lagging(settings):
        print(f"  live read model stands before the end: {line}")
    said = await asyncio.to_thread(rebuild_with_cli, env)
    print(f"spin-portal-admin rebuild: {said}")
    rebuilt = await snapshot(settings)
    return differences(live, rebuilt)
