"""Recomputes the indicators of dirty cases from stored facts, then the affected rollups.

Runs beside the projection (one at a time per schema, by advisory lock), so the projection
only writes facts and the pages only read rollups.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Iterable, Sequence

from spincore.db.locks import LOCK_CLASS, lock_key
from spincore.logging import get_logger
from sqlalchemy import delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from spin_portal.adapters.case_facts import load_facts
from spin_portal.adapters.rollups import recompute_rollups
from spin_portal.adapters.tables import (
    CASE_INDICATORS,
    CASES,
    DIRTY_CASES,
    THRESHOLDS,
)
from spin_portal.domain.facts import CaseFacts
from spin_portal.domain.indicators import IndicatorResult, evaluate
from spin_portal.domain.thresholds import Thresholds

log = get_logger(__name__)

REFRESH_LOCK = func.pg_try_advisory_xact_lock(LOCK_CLASS, lock_key(func.current_schema(), "idx"))


class IndicatorRefresher:
    def __init__(
        self,
        engine: AsyncEngine,
        *,
        batch_size: int = 2000,
        idle_poll_s: float = 0.5,
        settle_s: float = 1.0,
        max_lag_s: float = 30.0,
        default_zone: str = "UTC",
    ):
        self.engine = engine
        self.default_zone = default_zone  # the clock of an institute that chose none
        self.batch_size = batch_size
        self.idle_poll_s = idle_poll_s
        # Waiting until facts stop arriving lets a case's burst of events be computed once and
        # keeps the refresher off the projection's back while it catches up; `max_lag_s`
        # bounds how stale the indicators get under a steady stream.
        self.settle_s = settle_s
        self.max_lag_s = max_lag_s
        self._wake = asyncio.Event()

    def wake(self) -> None:
        self._wake.set()

    async def run_forever(self) -> None:
        while True:
            try:
                done = await self.refresh_once()
            except Exception as error:  # noqa: BLE001 - PostgreSQL away: try again later
                log.warning("indicator_refresh_retry", error=repr(error))
                done = 0
            if done < self.batch_size:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self.idle_poll_s)
                await self._settle()

    async def _settle(self) -> None:
        """Return once no facts arrived for `settle_s`, or `max_lag_s` from now."""
        deadline = time.monotonic() + self.max_lag_s
        while (left := deadline - time.monotonic()) > 0:
            self._wake.clear()
            try:
                await asyncio.wait_for(self._wake.wait(), min(self.settle_s, left))
            except TimeoutError:
                return

    async def drain(self) -> int:
        """Refresh until no case is dirty; return how many cases were recomputed."""
        total = 0
        while done := await self.refresh_once():
            total += done
        return total

    async def refresh_once(self) -> int:
        async with self.engine.begin() as conn:
            if not await conn.scalar(select(REFRESH_LOCK)):
                return 0
            picked = (
                select(DIRTY_CASES.c.case_code)
                .order_by(DIRTY_CASES.c.case_code)
                .limit(self.batch_size)
                .with_for_update(skip_locked=True)
                .scalar_subquery()
            )
            codes = list(
                (
                    await conn.execute(
                        delete(DIRTY_CASES)
                        .where(DIRTY_CASES.c.case_code.in_(picked))
                        .returning(DIRTY_CASES.c.case_code)
                    )
                ).scalars()
            )
            if codes:
                await recompute(conn, codes, self.default_zone)
        return len(codes)


async def recompute(conn: AsyncConnection, codes: Sequence[str], default_zone: str = "UTC") -> None:
    """Indicators of `codes`, then the rollups of their agencies and institutes."""
    cases = (await conn.execute(select(CASES).where(CASES.c.case_code.in_(codes)))).all()
    known = [c for c in cases if c.opened_on is not None and c.agency_id is not None]
    facts = await load_facts(conn, known, default_zone)
    thresholds = await load_thresholds(conn, {c.institute_id for c in known})
    results = {
        c.case_code: _evaluated(facts[c.case_code], thresholds[c.institute_id]) for c in known
    }
    # A case whose indicators could not be computed keeps its last ones (and the others go on).
    failed = {code for code, result in results.items() if result is None}
    await conn.execute(
        delete(CASE_INDICATORS).where(
            CASE_INDICATORS.c.case_code.in_([code for code in codes if code not in failed])
        )
    )
    rows = [
        {
            "case_code": c.case_code,
            "indicator": r.indicator,
            "outcome": r.outcome.value,
            "reason": r.reason.english(),
            "reason_template": r.reason.template,
            "reason_params": r.reason.params,
            "reason_plural": r.reason.plural,
            "reason_count_key": r.reason.count_key,
        }
        for c in known
        for r in results[c.case_code] or ()
    ]
    if rows:
        await conn.execute(insert(CASE_INDICATORS), rows)
    await recompute_rollups(conn, {c.agency_id for c in known}, {c.institute_id for c in known})


def _evaluated(facts: CaseFacts, thresholds: Thresholds) -> list[IndicatorResult] | None:
    """One case's indicators, or None (logged) when a fact breaks one: a bug, never a reason
    to stop refreshing every other case."""
    try:
        return evaluate(facts, thresholds)
    except Exception as error:  # noqa: BLE001 - logged with the case's pseudonymous code
        log.error("indicators_not_computed", case_code=facts.case_code, error=repr(error))
        return None


async def load_thresholds(
    conn: AsyncConnection, institutes: Iterable[str]
) -> dict[str, Thresholds]:
    overrides: dict[str, dict[str, float]] = {i: {} for i in institutes}
    rows = await conn.execute(
        select(THRESHOLDS).where(THRESHOLDS.c.institute_id.in_(list(overrides)))
    )
    for row in rows:
        overrides[row.institute_id][row.name] = row.value
    return {i: Thresholds.with_overrides(o) for i, o in overrides.items()}
