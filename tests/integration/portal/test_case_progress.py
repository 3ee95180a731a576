"""The case list's progress facts (one statement over the read model) against the same facts
counted here, row by row, from the tables the demo's events were projected into."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from typing import Any

from spin_portal.adapters.tables import (
    CASES,
    CONSENTS,
    FOOTAGE,
    HELPING_QUESTIONS,
    MOMENTS,
    SESSIONS,
)
from spin_portal.api.app import create_app
from spin_portal.domain.next_steps import CaseProgress
from spin_portal.queries.workspace import progress_of
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from tests.integration.portal.support import portal_settings, publish, settled, small_dataset
from tests.support.http import serving
from tests.support.isolation import Isolation


async def rows(conn: AsyncConnection, table: Any) -> list[Any]:
    return list((await conn.execute(select(table))).all())


async def counted(conn: AsyncConnection, codes: list[str], closed: set[str]) -> dict[str, Any]:
    now = datetime.now(UTC)
    consented = {
        c.case_code
        for c in await rows(conn, CONSENTS)
        if c.purpose == "filming"
        and c.withdrawn_at is None
        and (c.valid_until is None or c.valid_until > now)
    }
    questions = Counter(q.case_code for q in await rows(conn, HELPING_QUESTIONS))
    tagged = {m.footage_id for m in await rows(conn, MOMENTS)}
    footage = await rows(conn, FOOTAGE)
    last: dict[tuple[str, str], datetime] = {}
    for s in await rows(conn, SESSIONS):
        key = (s.case_code, s.kind)
        if s.held_at is not None and (key not in last or s.held_at > last[key]):
            last[key] = s.held_at

    def of(code: str) -> CaseProgress:
        mine = [f for f in footage if f.case_code == code]
        ready = [f for f in mine if f.transcoded_at is not None]
        return CaseProgress(
            closed=code in closed,
            filming_consent=code in consented,
            helping_questions=questions[code],
            footage_ready=len(ready),
            footage_ready_untagged=sum(1 for f in ready if f.footage_id not in tagged),
            footage_processing=sum(1 for f in mine if f.transcoded_at is None and not f.failed_at),
            last_filming_at=last.get((code, "filming")),
            last_review_at=last.get((code, "shared_review")),
        )

    return {code: of(code) for code in codes}


async def test_progress_of_listed_cases_equals_the_facts_counted_row_by_row(
    isolated: Isolation,
) -> None:
    settings = portal_settings(isolated)
    events = small_dataset()
    app = create_app(settings)
    async with serving(app):
        await publish(settings, events)
        engine = app.state.runtime.engine
        await settled(engine, len(events))
        async with engine.connect() as conn:
            codes = sorted(c.case_code for c in await rows(conn, CASES))
            closed = set(codes[:3])
            found = await progress_of(conn, [*codes, "NO-SUCH-CASE"], closed)
            expected = await counted(conn, codes, closed)

    assert len(codes) > 10
    assert {code: found[code] for code in codes} == expected
    assert found["NO-SUCH-CASE"] == CaseProgress(
        closed=False,
        filming_consent=False,
        helping_questions=0,
        footage_ready=0,
        footage_ready_untagged=0,
        footage_processing=0,
        last_filming_at=None,
        last_review_at=None,
    )
    assert any(p.footage_ready for p in expected.values())
