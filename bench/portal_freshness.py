"""Freshness of the portal's read model under load, for `bench.portal`: events published at a
steady rate while the live projection runs; for each, the time from its publication to its
event id in the read model's dedupe table (written in the transaction of its facts)."""

from __future__ import annotations

import asyncio
import statistics
import time
from uuid import UUID

from spin_contracts.topics import Topic, topic_name
from spin_demo.directory import Sizes
from spin_demo.events import history_events
from spin_portal.adapters.projection import CONSUMER
from spin_portal.adapters.tables import PROCESSED_EVENTS
from spin_portal.settings import PortalSettings
from spincore.kafka import make_producer
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

TICK_S = 0.1
POLL_S = 0.05


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[94]


async def freshness(
    settings: PortalSettings, engine: AsyncEngine, sizes: Sizes, rate: int, seconds: float
) -> tuple[float, int]:
    """p95 seconds from publication to the read model at `rate` events/s; events sent."""
    published: dict[UUID, float] = {}
    seen: dict[UUID, float] = {}
    sending = asyncio.Event()
    sending.set()
    watcher = asyncio.create_task(_watch(engine, published, seen, sending))
    producer = make_producer(settings.kafka, "portal-bench-freshness")
    await producer.start()
    try:
        stream = history_events(sizes, seed=4)  # another history: new events, new ids
        started = time.perf_counter()
        ticks = 0
        while (elapsed := time.perf_counter() - started) < seconds:
            for envelope, event in (next(stream) for _ in range(int(rate * TICK_S))):
                await producer.send(
                    topic_name(Topic(event.topic), settings.topic_prefix),
                    envelope.to_bytes(),
                    key=event.partition_key().encode(),
                )
                published[envelope.event_id] = time.perf_counter()
            ticks += 1
            await asyncio.sleep(max(0.0, ticks * TICK_S - elapsed))
        await producer.flush()
    finally:
        await producer.stop()
    sending.clear()
    await asyncio.wait_for(watcher, 300)
    return p95([seen[i] - at for i, at in published.items()]), len(published)


async def _watch(
    engine: AsyncEngine,
    published: dict[UUID, float],
    seen: dict[UUID, float],
    sending: asyncio.Event,
) -> None:
    column = PROCESSED_EVENTS.c.event_id
    while sending.is_set() or len(seen) < len(published):
        if pending := [i for i in published if i not in seen]:
            query = select(column).where(
                PROCESSED_EVENTS.c.consumer == CONSUMER, column.in_(pending)
            )
            async with engine.connect() as conn:
                found = (await conn.execute(query)).scalars().all()
            now = time.perf_counter()
            for event_id in found:
                seen[event_id] = now
        await asyncio.sleep(POLL_S)
