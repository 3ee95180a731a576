"""The indicators count days on the institute's clock: a session at 00:30 in Tokyo is that
day's, not the day before's in UTC; choosing an institute's zone recomputes its cases, and
migration 0015 every case computed before on UTC's days."""

from __future__ import annotations

import asyncio
import time
from datetime import date, datetime
from uuid import uuid4
from zoneinfo import ZoneInfo

from spin_contracts.events import planner
from spin_contracts.events.envelope import Envelope, Event, Tenant
from spin_portal.adapters.case_facts import load_facts
from spin_portal.adapters.choices import SqlPreferences
from spin_portal.adapters.tables import CASES, DIRTY_CASES, SESSIONS
from spin_portal.api.app import create_app
from spincore.db import make_engine
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.integration.portal.support import portal_settings, publish
from tests.integration.portal.test_plural_migration import cases_dirtied_by
from tests.support.http import serving
from tests.support.isolation import Isolation

TOKYO = ZoneInfo("Asia/Tokyo")
OPENED = date(2026, 3, 2)
TENANT = Tenant(institute_id="inst-tokyo", agency_id="agency-tokyo")


def opened_and_filmed() -> list[tuple[Envelope, Event]]:
    case_id, code = uuid4(), "C-TKYO-CLCK-0001"
    events: list[Event] = [
        planner.CaseOpened(
            case_id=case_id,
            case_code=code,
            practitioner_id="aiko",
            site_id="tokyo-east",
            opened_on=OPENED,
            delivery_setting="birth_family_home",
        ),
        planner.SessionRecorded(
            case_id=case_id,
            case_code=code,
            session_id=uuid4(),
            kind="filming",
            practitioner_id="aiko",
            held_at=datetime(2026, 3, 9, 0, 30, tzinfo=TOKYO),  # 8 March 15:30 in UTC
            duration_minutes=30,
        ),
    ]
    return [(Envelope.wrap(e, producer="planner", tenant=TENANT), e) for e in events]


async def projected(engine: AsyncEngine, within_s: float = 60) -> None:
    """Once the case and its session are in the read model."""
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        async with engine.connect() as conn:
            if await conn.scalar(select(func.count()).select_from(SESSIONS)):
                return
        await asyncio.sleep(0.3)
    raise AssertionError("the session never reached the read model")


async def session_days(engine: AsyncEngine, default_zone: str = "UTC") -> list[date]:
    async with engine.connect() as conn:
        cases = (await conn.execute(select(CASES))).all()
        facts = await load_facts(conn, cases, default_zone)
    return [s.held_at.date() for f in facts.values() for s in f.sessions]


async def test_sessions_fall_on_the_institute_s_day(isolated: Isolation) -> None:
    settings = portal_settings(isolated)
    async with serving(create_app(settings)):
        await publish(settings, opened_and_filmed())
        engine = make_engine(settings)
        try:
            await projected(engine)
            assert await session_days(engine) == [date(2026, 3, 8)]  # UTC's day
            assert await session_days(engine, "Asia/Tokyo") == [date(2026, 3, 9)]
            async with engine.begin() as conn:
                await conn.execute(DIRTY_CASES.delete())
                await SqlPreferences(conn).keep_time_zone(TENANT.institute_id, "Asia/Tokyo")
                dirty = await conn.scalar(select(func.count()).select_from(DIRTY_CASES))
            assert dirty == 1  # recomputed on the institute's new clock
            assert await session_days(engine) == [date(2026, 3, 9)]  # its own zone, chosen
        finally:
            await engine.dispose()


async def test_0015_recomputes_every_case_on_its_institute_s_clock(isolated: Isolation) -> None:
    dirty = await cases_dirtied_by(portal_settings(isolated), "0014", "0015", COMPUTED_ON_UTC_DAYS)
    assert sorted(dirty) == ["C-ONE", "C-TWO"]


COMPUTED_ON_UTC_DAYS = """INSERT INTO case_indicators (case_code, indicator, outcome, reason)
    VALUES ('C-ONE', 'F2', 'fail', 'x'), ('C-ONE', 'F8', 'n/a', 'y'),
    ('C-TWO', 'F2', 'pass', 'z')"""
