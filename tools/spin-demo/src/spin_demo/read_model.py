"""Whether the portal's read model has caught up with the planner (the cases of both)."""

from __future__ import annotations

import asyncio
import time

from spin_portal.adapters.tables import CASES
from spin_portal.settings import PortalSettings
from spincore.db import make_engine
from sqlalchemy import func, select

from spin_demo.planner_api import Planner, Tokens
from spin_demo.videos import Report

CATCH_UP_S = 180.0


async def cases_agree(
    planner: Planner, tokens: Tokens, settings: PortalSettings, report: Report
) -> bool:
    """Wait until the portal has read every case the planner holds; report both counts."""
    in_planner = int((await planner.get("/cases", tokens.ops(), limit=1))["total"])
    engine = make_engine(settings, pool_size=1)
    deadline = time.monotonic() + CATCH_UP_S
    try:
        while True:
            async with engine.connect() as conn:
                in_portal = int(await conn.scalar(select(func.count()).select_from(CASES)) or 0)
            if in_portal == in_planner or time.monotonic() > deadline:
                break
            await asyncio.sleep(1)
    finally:
        await engine.dispose()
    agree = in_portal == in_planner
    state = "agree" if agree else "do not agree yet (the portal is still reading)"
    report(f"cases: planner {in_planner}, portal {in_portal}: {state}")
    return agree
