"""The planner's footage agents come back after the database drops their lock's connection
(as a PostgreSQL restart does). Each lead starts a new Faust app: in a chaos run, after a
PostgreSQL restart, restarting the one stopped app failed with AssertionError on every retry
and footage went unlinked. This path (the lock's connection killed) recovered before too; the
test keeps it recovering with the app made anew."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest
from spin_planner.settings import PlannerSettings
from spincore.runtime import Runtime
from sqlalchemy import text

from tests.integration.planner.test_workers import PARTS, lock_holders, planner_process
from tests.support.http import free_port
from tests.support.isolation import Isolation

pytestmark = pytest.mark.integration


async def held(runtime: Runtime, seconds: float) -> bool:
    """The lock held at every look over `seconds` (a failing start holds it for a moment)."""
    for _ in range(int(seconds * 2)):
        if not await lock_holders(runtime, PARTS):
            return False
        await asyncio.sleep(0.5)
    return True


async def until_held(runtime: Runtime, timeout_s: float) -> None:
    deadline = asyncio.get_running_loop().time() + timeout_s
    while not await held(runtime, 4):
        assert asyncio.get_running_loop().time() < deadline, "the footage agents never came back"
        await asyncio.sleep(0.5)


async def test_the_footage_agents_start_again_after_their_lock_connection_dies(
    isolated: Isolation, tmp_path: Path
) -> None:
    settings = isolated.settings(PlannerSettings, http_port=free_port())
    runtime = Runtime.build(settings)
    try:
        async with planner_process(settings, tmp_path) as base:
            await until_held(runtime, 60)
            async with runtime.engine.connect() as conn:
                await conn.execute(
                    text(
                        "SELECT pg_terminate_backend(l.pid) FROM pg_locks l"
                        " WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2"
                        " AND l.objid::bigint = (hashtext(:key)::bigint & 4294967295)"
                    ),
                    {"key": f"{settings.db_schema}:{PARTS}"},
                )
            await until_held(runtime, 90)
            async with httpx.AsyncClient(base_url=base, timeout=10) as client:
                assert (await client.get("/readyz")).status_code == 200
    finally:
        await runtime.engine.dispose()
