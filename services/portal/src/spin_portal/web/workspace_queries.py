"""Read side of the workspace's case list: progress facts of cases the planner let us list."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Column, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from spin_portal.adapters.tables import CONSENTS, FOOTAGE, HELPING_QUESTIONS, MOMENTS, SESSIONS
from spin_portal.domain.next_steps import CaseProgress


async def progress_of(
    conn: AsyncConnection, case_codes: Sequence[str], closed: set[str]
) -> dict[str, CaseProgress]:
    """Progress of each case code; only codes the caller was allowed to list are asked for."""
    if not case_codes:
        return {}
    consented = set(
        (
            await conn.scalars(
                select(CONSENTS.c.case_code).where(
                    CONSENTS.c.case_code.in_(case_codes),
                    CONSENTS.c.purpose == "filming",
                    CONSENTS.c.withdrawn_at.is_(None),
                    or_(CONSENTS.c.valid_until.is_(None), CONSENTS.c.valid_until > func.now()),
                )
            )
        ).all()
    )
    questions = await _counts(conn, HELPING_QUESTIONS.c.case_code, case_codes)
    footage = await _footage(conn, case_codes)
    sessions = await _last_sessions(conn, case_codes)
    return {
        code: CaseProgress(
            closed=code in closed,
            filming_consent=code in consented,
            helping_questions=questions.get(code, 0),
            footage_ready=footage.get(code, (0, 0, 0))[0],
            footage_ready_untagged=footage.get(code, (0, 0, 0))[1],
            footage_processing=footage.get(code, (0, 0, 0))[2],
            last_filming_at=sessions.get((code, "filming")),
            last_review_at=sessions.get((code, "shared_review")),
        )
        for code in case_codes
    }


async def _counts(
    conn: AsyncConnection, column: Column[str], codes: Sequence[str]
) -> dict[str, int]:
    rows = await conn.execute(
        select(column, func.count()).where(column.in_(codes)).group_by(column)
    )
    return {code: int(n) for code, n in rows}


async def _footage(conn: AsyncConnection, codes: Sequence[str]) -> dict[str, tuple[int, int, int]]:
    tagged = select(MOMENTS.c.moment_id).where(MOMENTS.c.footage_id == FOOTAGE.c.footage_id)
    ready = FOOTAGE.c.transcoded_at.is_not(None)
    rows = await conn.execute(
        select(
            FOOTAGE.c.case_code,
            func.count().filter(ready),
            func.count().filter(and_(ready, ~tagged.exists())),
            func.count().filter(and_(~ready, FOOTAGE.c.failed_at.is_(None))),
        )
        .where(FOOTAGE.c.case_code.in_(codes))
        .group_by(FOOTAGE.c.case_code)
    )
    return {code: (int(r), int(u), int(p)) for code, r, u, p in rows}


async def _last_sessions(
    conn: AsyncConnection, codes: Sequence[str]
) -> dict[tuple[str, str], datetime]:
    rows = await conn.execute(
        select(SESSIONS.c.case_code, SESSIONS.c.kind, func.max(SESSIONS.c.held_at))
        .where(SESSIONS.c.case_code.in_(codes))
        .group_by(SESSIONS.c.case_code, SESSIONS.c.kind)
    )
    return {(code, kind): at for code, kind, at in rows}
