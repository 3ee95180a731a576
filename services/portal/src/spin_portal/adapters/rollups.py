"""The rollups the dashboards read: counts per scope (agency, site, practitioner, institute),
month of opening and indicator, recomputed from the case indicators of the agencies changed."""

from __future__ import annotations

from sqlalchemy import Date, delete, func, insert, literal, select
from sqlalchemy.ext.asyncio import AsyncConnection

from spin_portal.adapters.tables import CASE_INDICATORS, CASES, ROLLUPS

SCOPES = (
    ("agency", CASES.c.agency_id),
    ("site", CASES.c.site_id),
    ("practitioner", CASES.c.practitioner_id),
)


async def recompute_rollups(
    conn: AsyncConnection, agencies: set[str], institutes: set[str]
) -> None:
    """Counts per scope, month (of opening) and indicator, from the case indicators."""
    if not agencies:
        return
    await _agency_rollups(conn, agencies)
    await _institute_rollups(conn, institutes)


async def _agency_rollups(conn: AsyncConnection, agencies: set[str]) -> None:
    """The agencies' rollups per agency, site and practitioner, counted from their cases."""
    month = func.date_trunc("month", CASES.c.opened_on).cast(Date)
    joined = CASE_INDICATORS.join(CASES, CASE_INDICATORS.c.case_code == CASES.c.case_code)
    await conn.execute(
        delete(ROLLUPS).where(
            ROLLUPS.c.scope_kind != "institute", ROLLUPS.c.agency_id.in_(agencies)
        )
    )
    for kind, column in SCOPES:
        grouped = (
            select(
                literal(kind),
                column,
                month,
                CASE_INDICATORS.c.indicator,
                CASES.c.institute_id,
                CASES.c.agency_id,
                func.count(),
                func.count().filter(CASE_INDICATORS.c.outcome != "n/a"),
                func.count().filter(CASE_INDICATORS.c.outcome == "pass"),
            )
            .select_from(joined)
            .where(CASES.c.agency_id.in_(agencies), column.is_not(None))
            .group_by(
                column, month, CASE_INDICATORS.c.indicator, CASES.c.institute_id, CASES.c.agency_id
            )
        )
        await conn.execute(insert(ROLLUPS).from_select(_ROLLUP_COLUMNS, grouped))


async def _institute_rollups(conn: AsyncConnection, institutes: set[str]) -> None:
    """The institutes' rollups: the sums of their agencies' (computed first)."""
    await conn.execute(
        delete(ROLLUPS).where(
            ROLLUPS.c.scope_kind == "institute", ROLLUPS.c.scope_id.in_(institutes)
        )
    )
    agency_rows = (
        select(
            literal("institute"),
            ROLLUPS.c.institute_id,
            ROLLUPS.c.month,
            ROLLUPS.c.indicator,
            ROLLUPS.c.institute_id,
            literal(None),
            func.sum(ROLLUPS.c.cases),
            func.sum(ROLLUPS.c.applicable),
            func.sum(ROLLUPS.c.passing),
        )
        .where(ROLLUPS.c.scope_kind == "agency", ROLLUPS.c.institute_id.in_(institutes))
        .group_by(ROLLUPS.c.institute_id, ROLLUPS.c.month, ROLLUPS.c.indicator)
    )
    await conn.execute(insert(ROLLUPS).from_select(_ROLLUP_COLUMNS, agency_rows))


_ROLLUP_COLUMNS = [
    "scope_kind",
    "scope_id",
    "month",
    "indicator",
    "institute_id",
    "agency_id",
    "cases",
    "applicable",
    "passing",
]
