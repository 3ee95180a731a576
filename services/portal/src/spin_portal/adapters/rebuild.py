"""`spin-portal-admin rebuild`: the live projection's consumer, replayed from the beginning
of the topics into a fresh schema, then switched in atomically.

The fresh schema (`<schema>_rebuild_<n>`) gets the projected tables from the SQLAlchemy
metadata the migrations create them from, and refuses to be switched in if their columns or
indexes differ from the live ones. Its engine's search_path is the fresh schema, then the
live one, so the indicators read the live thresholds. The switch is one transaction: the
live projected tables move to `<schema>_retired_<n>`, the fresh ones into the live schema
(readers wait for it, then read the new tables; never an empty or half one). Everything else
in the live schema (accounts, sessions, audit log, languages, thresholds, alembic's version,
the outbox) stays where it is. The rebuilt model brings its positions (the replay's end
offsets), so the live consumer goes back to them and projects what came after; dedupe by
event id absorbs what both saw.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from spincore.batch_consumer import Counts
from spincore.db import make_engine
from spincore.db.locks import LOCK_CLASS, lock_key
from spincore.settings import ServiceSettings
from sqlalchemy import Table, func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from spin_portal.adapters.coaching_tables import AGREEMENTS
from spin_portal.adapters.erasure_tables import ERASURE_SCHEDULE, ERASURES, LEGAL_HOLDS
from spin_portal.adapters.fresh_indexes import (
    create_secondary_indexes,
    drop_secondary_indexes,
)
from spin_portal.adapters.position_tables import POSITIONS
from spin_portal.adapters.projection import CONSUMER
from spin_portal.adapters.read_model import ReadModel, projection
from spin_portal.adapters.refresher import IndicatorRefresher
from spin_portal.adapters.tables import PROCESSED_EVENTS, READ_MODEL, metadata
from spin_portal.settings import PortalSettings

# What a rebuild makes anew: every table the projection and the refresher write. In the
# order a batch's transaction takes them, so the switch's lock never waits for a batch that
# waits for it.
PROJECTED: tuple[Table, ...] = (
    POSITIONS,
    PROCESSED_EVENTS,
    *READ_MODEL,
    AGREEMENTS,
    ERASURES,
    ERASURE_SCHEDULE,
    LEGAL_HOLDS,
)
# The rebuild's own sessions need not wait for the WAL's flush at each batch's commit: a
# PostgreSQL crash ends them, so the rebuild fails and its fresh schema is dropped.
REPLAY_SETTINGS = {"synchronous_commit": "off"}
SWITCH_ATTEMPTS = 10
SWITCH_LOCK_TIMEOUT = "2s"  # then retry: readers queue behind a waiting lock, keep it short


class RebuildError(RuntimeError):
    pass


@dataclass(frozen=True)
class RebuildReport:
    events: int
    skipped: int
    dead_letters: int
    cases: int
    seconds: float
    # Until the topics were read and written and the indexes built (before the indicators).
    replay_seconds: float
    schema: str  # the fresh schema, now switched in


async def rebuild(
    settings: PortalSettings, engine: AsyncEngine, batch_size: int = 5000
) -> RebuildReport:
    """Replay every topic from its beginning to its current end into a fresh schema, compute
    its indicators, then switch it in for the live read model."""
    started = time.perf_counter()
    live = settings.db_schema
    async with _only_rebuild(engine, live):
        fresh = await create_fresh(engine, live)
        fresh_engine = engine_of_fresh(settings, fresh)
        try:
            counts = await _replay(settings, engine, fresh_engine, fresh, batch_size)
            replayed = time.perf_counter()
            refresher = IndicatorRefresher(
                fresh_engine, batch_size=batch_size, default_zone=settings.time_zone
            )
            cases = await refresher.drain()
            await switch(engine, live, fresh)
        except BaseException:
            await _drop(engine, fresh)
            raise
        finally:
            await fresh_engine.dispose()
    seconds = time.perf_counter() - started
    return RebuildReport(
        counts.events, counts.unreadable, counts.raw, cases, seconds, replayed - started, fresh
    )


def engine_of_fresh(settings: ServiceSettings, fresh: str) -> AsyncEngine:
    """Connections to `fresh`, then the live schema (its thresholds), for the replay."""
    search_path = f'"{fresh}", "{settings.db_schema}"'
    return make_engine(settings.model_copy(update={"db_schema": search_path}), 3, REPLAY_SETTINGS)


async def replay_into(
    settings: ServiceSettings, engine: AsyncEngine, fresh: str, batch_size: int
) -> Counts:
    """Every event so far into the schema `fresh`, its secondary indexes built after."""
    fresh_engine = engine_of_fresh(settings, fresh)
    try:
        return await _replay(settings, engine, fresh_engine, fresh, batch_size)
    finally:
        await fresh_engine.dispose()


async def _replay(
    settings: ServiceSettings,
    engine: AsyncEngine,
    fresh_engine: AsyncEngine,
    fresh: str,
    batch_size: int,
) -> Counts:
    await drop_secondary_indexes(engine, fresh, PROJECTED)
    counts = await projection(settings, ReadModel(fresh_engine), max_batch=batch_size).replay()
    await create_secondary_indexes(engine, fresh, PROJECTED)
    return counts


@asynccontextmanager
async def _only_rebuild(engine: AsyncEngine, live: str) -> AsyncIterator[None]:
    """One rebuild at a time per schema; what a crashed one left is dropped first."""
    key = lock_key(live, "rebuild")
    async with engine.connect() as conn:
        if not await conn.scalar(select(func.pg_try_advisory_lock(LOCK_CLASS, key))):
            raise RebuildError("another rebuild of this read model is running")
        await conn.commit()
        try:
            for name in await _leftovers(conn, live):
                await _drop(engine, name)
            yield
        finally:
            await conn.execute(select(func.pg_advisory_unlock(LOCK_CLASS, key)))
            await conn.commit()


async def _leftovers(conn: AsyncConnection, live: str) -> list[str]:
    rows = await conn.execute(
        text(
            "SELECT nspname FROM pg_namespace "
            "WHERE starts_with(nspname, :rebuild) OR starts_with(nspname, :retired)"
        ),
        {"rebuild": f"{live}_rebuild_", "retired": f"{live}_retired_"},
    )
    await conn.commit()
    return [name for (name,) in rows]


async def create_fresh(engine: AsyncEngine, live: str) -> str:
    """A new schema with empty projected tables shaped as the live ones; its name."""
    fresh = f"{live}_rebuild_{time.time_ns() // 1_000_000}"
    async with engine.begin() as conn:
        await conn.execute(text(f'CREATE SCHEMA "{fresh}"'))
        translated = await conn.execution_options(schema_translate_map={None: fresh})
        await translated.run_sync(lambda sync: metadata.create_all(sync, tables=list(PROJECTED)))
        live_shape, fresh_shape = await _shape(conn, live), await _shape(conn, fresh)
    if live_shape != fresh_shape:
        await _drop(engine, fresh)
        differ = sorted(live_shape ^ fresh_shape)[:10]
        raise RebuildError(f"the metadata and the migrations disagree: {differ}")
    return fresh


async def _shape(conn: AsyncConnection, schema: str) -> set[tuple[str, ...]]:
    """Columns (name, type, nullability) and index names of the projected tables."""
    names = [t.name for t in PROJECTED]
    columns = await conn.execute(
        text(
            "SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns"
            " WHERE table_schema = :schema AND table_name = ANY(:names)"
        ),
        {"schema": schema, "names": names},
    )
    indexes = await conn.execute(
        text(
            "SELECT tablename, indexname FROM pg_indexes"
            " WHERE schemaname = :schema AND tablename = ANY(:names)"
        ),
        {"schema": schema, "names": names},
    )
    return {tuple(r) for r in columns} | {("index", *r) for r in indexes}


async def switch(engine: AsyncEngine, live: str, fresh: str) -> None:
    """Swap the fresh projected tables in for the live ones, in one transaction."""
    retired = f"{live}_retired_{fresh.rsplit('_', 1)[1]}"
    for attempt in range(1, SWITCH_ATTEMPTS + 1):
        try:
            async with engine.begin() as conn:
                await _swap(conn, live, fresh, retired)
            break
        except DBAPIError:  # a lock not had in time, or a deadlock with a reader: again
            if attempt == SWITCH_ATTEMPTS:
                raise
            await asyncio.sleep(0.2 * attempt)
    await _drop(engine, retired)


async def _swap(conn: AsyncConnection, live: str, fresh: str, retired: str) -> None:
    await conn.execute(text(f"SET LOCAL lock_timeout = '{SWITCH_LOCK_TIMEOUT}'"))
    tables = [t.name for t in PROJECTED]
    # All at once and first, so the switch never holds some tables while waiting for others.
    qualified = ", ".join(f'"{live}"."{table}"' for table in tables)
    await conn.execute(text(f"LOCK TABLE {qualified} IN ACCESS EXCLUSIVE MODE"))
    # The dedupe of other consumers of this schema (none today) is not the projection's.
    await conn.execute(
        text(
            f'INSERT INTO "{fresh}".processed_events SELECT * FROM "{live}".processed_events'  # noqa: S608 - schema names, from settings
            " WHERE consumer <> :consumer ON CONFLICT DO NOTHING"
        ),
        {"consumer": CONSUMER},
    )
    await conn.execute(text(f'CREATE SCHEMA "{retired}"'))
    for table in tables:
        await conn.execute(text(f'ALTER TABLE "{live}"."{table}" SET SCHEMA "{retired}"'))
    for table in tables:
        await conn.execute(text(f'ALTER TABLE "{fresh}"."{table}" SET SCHEMA "{live}"'))
    await conn.execute(text(f'DROP SCHEMA "{fresh}"'))


async def _drop(engine: AsyncEngine, schema: str) -> None:
    async with engine.begin() as conn:
        await conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
