"""A rebuild against real Kafka and PostgreSQL: the pages read the old model until one atomic
switch, the portal's own records survive it, and the live consumer carries on from where the
rebuild's replay ended (events that came after it are not lost)."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
from spin_portal.adapters.read_model import ReadModel, projection
from spin_portal.adapters.rebuild import create_fresh, rebuild, switch
from spin_portal.adapters.refresher import IndicatorRefresher
from spin_portal.adapters.tables import AUDIT_LOG, CASE_INDICATORS, CASES, ROLLUPS
from spin_portal.api.app import create_app
from spincore.db import make_engine
from sqlalchemy import func, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from tests.integration.portal.expected import expected_from
from tests.integration.portal.support import (
    add_users,
    log_in,
    portal_settings,
    publish,
    settled,
    small_dataset,
    snapshot,
)
from tests.support.http import serving
from tests.support.isolation import Isolation

MARK = "pre-rebuild"  # written into the live model only: a rebuild does not bring it back
OWN_RECORDS = ("users", "web_sessions", "audit_log", "institute_languages", "alembic_version")


async def observe(engine: AsyncEngine, seen: list[tuple[Any, ...]], stop: asyncio.Event) -> None:
    """What a page's reader sees, as often as it can: the sizes of the computed tables and
    whether the live model's mark is there, in one statement."""
    marked = select(func.count()).select_from(CASES).where(CASES.c.close_reason == MARK)
    counts = [
        select(func.count()).select_from(t).scalar_subquery()
        for t in (CASES, CASE_INDICATORS, ROLLUPS)
    ]
    while not stop.is_set():
        async with engine.connect() as conn:
            seen.append(
                tuple((await conn.execute(select(*counts, marked.scalar_subquery()))).one())
            )
        await asyncio.sleep(0.005)


def _everything(table: str) -> Any:
    return text(f"SELECT * FROM {table}")  # noqa: S608 - names of this module's tables


async def own_records(engine: AsyncEngine) -> dict[str, list[tuple[Any, ...]]]:
    async with engine.connect() as conn:
        return {
            name: sorted(tuple(map(str, r)) for r in await conn.execute(_everything(name)))
            for name in OWN_RECORDS
        }


async def test_pages_read_the_old_model_until_one_atomic_switch(isolated: Isolation) -> None:
    settings = portal_settings(isolated, cookie_secure=False)
    events = small_dataset()
    app = create_app(settings)
    async with serving(app) as url:
        engine = app.state.runtime.engine
        await publish(settings, events)
        await add_users(engine)
        await settled(engine, len(events))
        before = await snapshot(engine)
        async with httpx.AsyncClient(base_url=url, timeout=30) as client:
            assert (await log_in(client, "admin1")).status_code == 303
            async with engine.begin() as conn:
                await conn.execute(
                    insert(AUDIT_LOG).values(
                        username="admin1", role="agency_admin", action="viewed", subject="a page"
                    )
                )
                await conn.execute(text("INSERT INTO institute_languages VALUES ('inst-1', 'nl')"))
                await conn.execute(update(CASES).values(close_reason=MARK))
            mine = await own_records(engine)
            seen: list[tuple[Any, ...]] = []
            stop = asyncio.Event()
            reader = asyncio.create_task(observe(engine, seen, stop))
            pages = [await client.get("/agencies/agency-1") for _ in range(3)]
            report = await rebuild(settings, engine, batch_size=500)
            pages += [await client.get("/agencies/agency-1") for _ in range(3)]
            stop.set()
            await reader
            assert [p.status_code for p in pages] == [200] * 6
        after = await snapshot(engine)
        assert await own_records(engine) == mine

    full = (len(before["cases"]), len(before["case_indicators"]), len(before["rollups"]))
    marks = [s[3] for s in seen]
    assert {s[:3] for s in seen} == {full}  # never an empty or a half table
    switched = marks.index(0)  # the old model (marked), then the rebuilt one, never back
    assert set(marks[:switched]) == {full[0]}
    assert set(marks[switched:]) == {0}
    assert len(seen[:switched]) > 10  # the pages read the old model while the rebuild ran
    assert after == before
    assert report.schema.startswith(f"{settings.db_schema}_rebuild_")
    assert not await leftover_schemas(settings.database_url.get_secret_value(), settings.db_schema)


async def leftover_schemas(database_url: str, schema: str) -> list[str]:
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(
                text("SELECT nspname FROM pg_namespace WHERE starts_with(nspname, :p)"),
                {"p": f"{schema}_"},
            )
            return [name for (name,) in rows]
    finally:
        await engine.dispose()


async def test_events_after_the_replay_reach_the_switched_in_model(isolated: Isolation) -> None:
    """The live consumer is past the rebuild's end when the switch comes: it goes back to the
    rebuilt model's positions and projects the rest, each event once."""
    settings = portal_settings(isolated)
    events = small_dataset()
    cut = len(events) * 2 // 3
    app = create_app(settings)
    async with serving(app):
        engine = app.state.runtime.engine
        await publish(settings, events[:cut])
        await settled(engine, cut)
        live = settings.db_schema
        fresh = await create_fresh(engine, live)
        fresh_engine = make_engine(
            settings.model_copy(update={"db_schema": f'"{fresh}", "{live}"'})
        )
        try:
            counts = await projection(settings, ReadModel(fresh_engine), 500).replay()
            await IndicatorRefresher(fresh_engine).drain()
        finally:
            await fresh_engine.dispose()
        await publish(settings, events[cut:])  # the live model has them, the fresh one not
        await settled(engine, len(events))
        await switch(engine, live, fresh)
        await settled(engine, len(events))
        rebuilt = await snapshot(engine)

    assert counts.events == cut
    expected = expected_from(events)
    assert {(r[0], r[1]): (r[2], r[3]) for r in rebuilt["case_indicators"]} == {
        (code, indicator): result
        for code, outcomes in expected.outcomes.items()
        for indicator, result in outcomes.items()
    }
