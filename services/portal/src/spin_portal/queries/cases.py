"""What the case pages read: the case, its indicators, its timeline's rows and its footage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Row, select
from sqlalchemy.ext.asyncio import AsyncConnection

from spin_portal.adapters.tables import (
    CASE_INDICATORS,
    CASES,
    CONSENTS,
    FOOTAGE,
    HELPING_QUESTIONS,
    SESSIONS,
)
from spin_portal.domain.facts import ConsentFact
from spin_portal.queries import erasure


async def case(conn: AsyncConnection, case_code: str) -> Row[Any] | None:
    return (await conn.execute(select(CASES).where(CASES.c.case_code == case_code))).first()


async def supervision_viewing_consented(
    conn: AsyncConnection, case_code: str, now: datetime
) -> bool:
    """Whether a consent to supervision viewing of the case's footage holds at `now`."""
    rows = await conn.execute(
        select(CONSENTS).where(
            CONSENTS.c.case_code == case_code, CONSENTS.c.purpose == "supervision_viewing"
        )
    )
    return any(
        ConsentFact(r.purpose, r.granted_at, r.valid_until, r.withdrawn_at).holds_at(now)
        for r in rows
    )


async def indicators(conn: AsyncConnection, case_code: str) -> dict[str, Row[Any]]:
    """The case's computed indicators by indicator code."""
    rows = await conn.execute(
        select(CASE_INDICATORS).where(CASE_INDICATORS.c.case_code == case_code)
    )
    return {r.indicator: r for r in rows}


@dataclass(frozen=True)
class TimelineRows:
    helping_questions: list[Row[Any]]
    sessions: list[Row[Any]]
    consents: list[Row[Any]]
    footage: list[Row[Any]]
    erasures: list[Row[Any]]


async def timeline(conn: AsyncConnection, case_code: str) -> TimelineRows:
    """Everything that happened in the case, by kind, for its timeline."""

    async def rows(table: Any) -> list[Row[Any]]:
        return list(await conn.execute(select(table).where(table.c.case_code == case_code)))

    return TimelineRows(
        helping_questions=await rows(HELPING_QUESTIONS),
        sessions=await rows(SESSIONS),
        consents=await rows(CONSENTS),
        erasures=list(await erasure.of_case(conn, case_code)),
        footage=await rows(FOOTAGE),
    )


async def footage_in_case(
    conn: AsyncConnection, case_code: str, footage_id: UUID
) -> Row[Any] | None:
    return (
        await conn.execute(
            select(FOOTAGE).where(
                FOOTAGE.c.case_code == case_code, FOOTAGE.c.footage_id == footage_id
            )
        )
    ).first()
