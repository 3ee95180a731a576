"""Blind coding in both directions.

The apprentice does not see the supervisor's coding of a footage until both finished (see
`coding`); the supervisor does not see the apprentice's moments on a footage until both
finished coding it either, unless they chose to see them, which closes their own coding of
that footage (it could no longer be independent). Agency admins and the case's own
practitioner see every moment of the case.
"""

from __future__ import annotations

from typing import Any

from spin_contracts.claims import Role
from sqlalchemy import ColumnElement, Row, and_, exists, or_

from spin_planner.adapters.coaching_tables import CODINGS
from spin_planner.adapters.tables import MOMENTS
from spin_planner.service.work import Work

HIDDEN = (
    "the apprentice's moments on this footage are hidden from you until both of you have "
    "finished coding it independently (or you choose to see them instead of coding it)"
)
SEEN = (
    "you chose to see the apprentice's moments on this footage, so your coding of it would "
    "not be independent: it is closed"
)


def supervising(work: Work, case: Row[Any]) -> bool:
    """The caller sees this case as the supervisor of its practitioner (not their own case)."""
    principal = work.principal
    return principal.role is Role.SUPERVISOR and principal.subject != case.practitioner_id


def moments_visible(work: Work, case: Row[Any]) -> ColumnElement[bool] | None:
    """SQL on MOMENTS: the case's moments the caller may see; None when they see all."""
    if not supervising(work, case):
        return None
    mine, theirs = CODINGS.alias("mine"), CODINGS.alias("theirs")
    apprentice_done = exists().where(
        theirs.c.footage_id == MOMENTS.c.footage_id,
        theirs.c.coder_id == case.practitioner_id,
        theirs.c.done_at.is_not(None),
    )
    return exists().where(
        mine.c.footage_id == MOMENTS.c.footage_id,
        mine.c.coder_id == work.principal.subject,
        or_(
            mine.c.moments_seen_at.is_not(None),
            and_(mine.c.done_at.is_not(None), apprentice_done),
        ),
    )
