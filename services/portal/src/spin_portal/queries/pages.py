"""What the pages read: rollups (pre-aggregated) for figures, facts only for one case or agency."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Row, and_, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from spin_portal.adapters.tables import (
    AGENCIES,
    CASE_INDICATORS,
    CASES,
    INSTITUTES,
    PRACTITIONERS,
    ROLLUPS,
    SITES,
)
from spin_portal.domain.filters import Filters
from spin_portal.domain.indicators import INDICATOR_NAMES
from spin_portal.domain.rollup import Tally, composite_index


@dataclass
class Scorecard:
    """Tallies per indicator of one scope (an agency, a site, ...) over the filtered months."""

    key: str
    cases: int = 0
    tallies: dict[str, Tally] = field(default_factory=dict)

    @property
    def composite(self) -> float | None:
        return composite_index(self.tallies)

    def rate(self, indicator: str) -> float | None:
        return self.tallies.get(indicator, Tally()).pass_rate


def _months(filters: Filters) -> list[ColumnElement[bool]]:
    clauses = []
    if filters.start:
        clauses.append(ROLLUPS.c.month >= filters.start)
    if filters.end:
        clauses.append(ROLLUPS.c.month <= filters.end)
    return clauses


async def scorecards(
    conn: AsyncConnection, scope_kind: str, where: ColumnElement[bool], filters: Filters
) -> dict[str, Scorecard]:
    """One scorecard per scope id of `scope_kind` matching `where`."""
    rows = await conn.execute(
        select(
            ROLLUPS.c.scope_id,
            ROLLUPS.c.indicator,
            func.sum(ROLLUPS.c.cases),
            func.sum(ROLLUPS.c.applicable),
            func.sum(ROLLUPS.c.passing),
        )
        .where(ROLLUPS.c.scope_kind == scope_kind, where, *_months(filters))
        .group_by(ROLLUPS.c.scope_id, ROLLUPS.c.indicator)
    )
    cards: dict[str, Scorecard] = {}
    for scope_id, indicator, cases, applicable, passing in rows:
        card = cards.setdefault(scope_id, Scorecard(scope_id))
        card.tallies[indicator] = Tally(int(applicable), int(passing))
        card.cases = max(card.cases, int(cases))
    return cards


async def monthly(
    conn: AsyncConnection, scope_kind: str, scope_id: str, filters: Filters
) -> dict[date, Scorecard]:
    """One scorecard per month of one scope, for trend charts."""
    rows = await conn.execute(
        select(
            ROLLUPS.c.month,
            ROLLUPS.c.indicator,
            ROLLUPS.c.cases,
            ROLLUPS.c.applicable,
            ROLLUPS.c.passing,
        )
        .where(
            ROLLUPS.c.scope_kind == scope_kind, ROLLUPS.c.scope_id == scope_id, *_months(filters)
        )
        .order_by(ROLLUPS.c.month)
    )
    months: dict[date, Scorecard] = {}
    for month, indicator, cases, applicable, passing in rows:
        card = months.setdefault(month, Scorecard(f"{month:%Y-%m}"))
        card.tallies[indicator] = Tally(applicable, passing)
        card.cases = max(card.cases, cases)
    return months


async def names(
    conn: AsyncConnection, table: Any, key: Any, where: ColumnElement[bool]
) -> dict[str, str]:
    rows = await conn.execute(
        select(key, table.c.name if "name" in table.c else table.c.display_name).where(where)
    )
    return {row[0]: row[1] for row in rows}


async def institute(conn: AsyncConnection, institute_id: str) -> Row[Any] | None:
    return (
        await conn.execute(select(INSTITUTES).where(INSTITUTES.c.institute_id == institute_id))
    ).first()


async def agency(conn: AsyncConnection, agency_id: str) -> Row[Any] | None:
    return (await conn.execute(select(AGENCIES).where(AGENCIES.c.agency_id == agency_id))).first()


async def agencies_of(conn: AsyncConnection, institute_id: str) -> dict[str, str]:
    return await names(
        conn, AGENCIES, AGENCIES.c.agency_id, AGENCIES.c.institute_id == institute_id
    )


async def sites_of(conn: AsyncConnection, agency_id: str) -> dict[str, str]:
    return await names(conn, SITES, SITES.c.site_id, SITES.c.agency_id == agency_id)


async def practitioners_of(conn: AsyncConnection, agency_id: str) -> dict[str, str]:
    return await names(
        conn, PRACTITIONERS, PRACTITIONERS.c.practitioner_id, PRACTITIONERS.c.agency_id == agency_id
    )


async def case_list(
    conn: AsyncConnection, agency_id: str, filters: Filters, limit: int = 200
) -> list[tuple[Row[Any], dict[str, str]]]:
    """The agency's cases (newest first) with each indicator's outcome."""
    where = [CASES.c.agency_id == agency_id]
    if filters.site_id:
        where.append(CASES.c.site_id == filters.site_id)
    if filters.practitioner_id:
        where.append(CASES.c.practitioner_id == filters.practitioner_id)
    if filters.start:
        where.append(CASES.c.opened_on >= filters.start)
    if filters.end:
        where.append(func.date_trunc("month", CASES.c.opened_on) <= filters.end)
    cases = (
        await conn.execute(
            select(CASES)
            .where(and_(*where))
            .order_by(CASES.c.opened_on.desc(), CASES.c.case_code)
            .limit(limit)
        )
    ).all()
    outcomes: dict[str, dict[str, str]] = defaultdict(dict)
    rows = await conn.execute(
        select(CASE_INDICATORS).where(CASE_INDICATORS.c.case_code.in_([c.case_code for c in cases]))
    )
    for row in rows:
        outcomes[row.case_code][row.indicator] = row.outcome
    return [(c, outcomes[c.case_code]) for c in cases]


INDICATOR_IDS = list(INDICATOR_NAMES)
