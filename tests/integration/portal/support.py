"""Shared steps of the portal's integration and browser tests."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Iterable
from datetime import date
from typing import Any

import httpx
from spin_contracts.events.envelope import Envelope, Event
from spin_demo.directory import Sizes
from spin_demo.events import generate, publish_all
from spin_portal.adapters.accounts import create_user
from spin_portal.adapters.projection import CONSUMER
from spin_portal.adapters.tables import (
    CASE_INDICATORS,
    CASES,
    DEAD_LETTERS,
    DIRTY_CASES,
    PROCESSED_EVENTS,
    ROLLUPS,
    SESSIONS,
)
from spin_portal.domain.accounts import PortalRole
from spin_portal.settings import PortalSettings
from spincore.kafka import make_producer
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.support.isolation import Isolation

SMALL = Sizes(
    institutes=2, agencies=3, sites=5, practitioners=8, cases=40, months=8, end=date(2026, 6, 30)
)


def portal_settings(isolated: Isolation, **overrides: Any) -> PortalSettings:
    """Settings of a portal on this test's topics, bucket and schema."""
    return isolated.settings(PortalSettings, session_secret="s" * 40, **overrides)


def small_dataset(seed: int = 11) -> list[tuple[Envelope, Event]]:
    return generate(SMALL, seed)


async def publish(settings: PortalSettings, events: Iterable[tuple[Envelope, Event]]) -> None:
    producer = make_producer(settings.kafka, "portal-tests")
    await producer.start()
    try:
        await publish_all(producer, events, settings.topic_prefix)
    finally:
        await producer.stop()


async def settled(
    engine: AsyncEngine, unique_events: int, dead_letters: int = 0, timeout_s: float = 90
) -> None:
    """Wait until every event is projected, no case is dirty and the dead letters are in."""
    deadline = time.monotonic() + timeout_s
    state: tuple[int, int, int] = (0, 0, 0)
    while time.monotonic() < deadline:
        async with engine.connect() as conn:
            processed = await conn.scalar(
                select(func.count())
                .select_from(PROCESSED_EVENTS)
                .where(PROCESSED_EVENTS.c.consumer == CONSUMER)
            )
            dirty = await conn.scalar(select(func.count()).select_from(DIRTY_CASES))
            dead = await conn.scalar(select(func.count()).select_from(DEAD_LETTERS))
        state = (int(processed or 0), int(dirty or 0), int(dead or 0))
        if state[0] >= unique_events and state[1] == 0 and state[2] >= dead_letters:
            return
        await asyncio.sleep(0.3)
    raise AssertionError(f"not settled: processed, dirty, dead letters = {state}")


async def snapshot(engine: AsyncEngine) -> dict[str, list[tuple[Any, ...]]]:
    """The computed part of the read model (and a fact table), in a comparable form."""
    tables = {
        "cases": CASES,
        "sessions": SESSIONS,
        "case_indicators": CASE_INDICATORS,
        "rollups": ROLLUPS,
    }
    result = {}
    async with engine.connect() as conn:
        for name, table in tables.items():
            rows = await conn.execute(select(table).order_by(*table.primary_key.columns))
            result[name] = [tuple(r) for r in rows]
    return result


PASSWORD = "correct horse battery"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


async def add_users(engine: AsyncEngine) -> None:
    """institute staff of inst-1, and admins of agency-1 (inst-1) and agency-2 (inst-2)."""
    async with engine.begin() as conn:
        for username, role, institute, agency in (
            ("staff1", PortalRole.INSTITUTE_STAFF, "inst-1", None),
            ("admin1", PortalRole.AGENCY_ADMIN, "inst-1", "agency-1"),
            ("admin2", PortalRole.AGENCY_ADMIN, "inst-2", "agency-2"),
        ):
            await create_user(
                conn,
                username=username,
                password=PASSWORD,
                role=role,
                institute_id=institute,
                agency_id=agency,
            )


async def log_in(
    client: httpx.AsyncClient,
    username: str,
    password: str = PASSWORD,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    form = await client.get("/login", headers=headers)
    token = CSRF.search(form.text)
    assert token is not None
    return await client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token.group(1)},
        headers=headers,
    )


def csrf_of(page: httpx.Response) -> str:
    token = CSRF.search(page.text)
    assert token is not None
    return token.group(1)
