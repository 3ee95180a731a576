"""Read side of the workspace's case list: progress facts of cases the planner let us list."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import String, bindparam, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncConnection

from spin_portal.domain.next_steps import CaseProgress

# Every fact of every listed case in one statement: one round trip to PostgreSQL instead of
# one per fact (a case list is the page practitioners open most).
_PROGRESS = text(
    """
    SELECT c.code,
      EXISTS (
        SELECT 1 FROM consents k
        WHERE k.case_code = c.code AND k.purpose = 'filming' AND k.withdrawn_at IS NULL
          AND (k.valid_until IS NULL OR k.valid_until > now())
      ) AS filming_consent,
      (SELECT count(*) FROM helping_questions q WHERE q.case_code = c.code) AS questions,
      f.ready, f.untagged, f.processing,
      (SELECT max(s.held_at) FROM sessions s
        WHERE s.case_code = c.code AND s.kind = 'filming') AS last_filming_at,
      (SELECT max(s.held_at) FROM sessions s
        WHERE s.case_code = c.code AND s.kind = 'shared_review') AS last_review_at
    FROM unnest(:codes) AS c(code)
    CROSS JOIN LATERAL (
      SELECT
        count(*) FILTER (WHERE v.transcoded_at IS NOT NULL) AS ready,
        count(*) FILTER (
          WHERE v.transcoded_at IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM moments m WHERE m.footage_id = v.footage_id)
        ) AS untagged,
        count(*) FILTER (WHERE v.transcoded_at IS NULL AND v.failed_at IS NULL) AS processing
      FROM footage v WHERE v.case_code = c.code
    ) AS f
    """
).bindparams(bindparam("codes", type_=ARRAY(String)))


async def progress_of(
    conn: AsyncConnection, case_codes: Sequence[str], closed: set[str]
) -> dict[str, CaseProgress]:
    """Progress of each case code; only codes the caller was allowed to list are asked for."""
    if not case_codes:
        return {}
    rows = await conn.execute(_PROGRESS, {"codes": list(case_codes)})
    return {
        row.code: CaseProgress(
            closed=row.code in closed,
            filming_consent=row.filming_consent,
            helping_questions=row.questions,
            footage_ready=row.ready,
            footage_ready_untagged=row.untagged,
            footage_processing=row.processing,
            last_filming_at=row.last_filming_at,
            last_review_at=row.last_review_at,
        )
        for row in rows
    }
