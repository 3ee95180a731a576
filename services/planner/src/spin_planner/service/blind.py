"""Blind coding in both directions.

The apprentice does not see the supervisor's coding of a footage until both finished (see
`coding`); the supervisor does not see the apprentice's moments on a footage until both
finished coding it either, unless they chose to see them, which closes their own coding of
that footage (it could no longer be independent). Agency admins and the case's own
practitioner see every moment of the case.

Every view that names moments goes through here: the moment listing, a feedback plan (its
moments, their questions for the parent, their clips and reels) and a shared review's clips
shown. A hidden moment is left out and counted, so a screen can say that something is hidden
without saying what.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from spin_contracts.claims import Role
from spincore.i18n import N_
from sqlalchemy import ColumnElement, Row, and_, exists, or_, select

from spin_planner.adapters.coaching_tables import CODINGS
from spin_planner.adapters.tables import MOMENTS
from spin_planner.domain.cycle_records import FeedbackPlan, Session
from spin_planner.service.work import Work

HIDDEN = N_(
    "the apprentice's moments on this footage are hidden from you until both of you have "
    "finished coding it independently (or you choose to see them instead of coding it)"
)
SEEN = N_(
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


async def hidden_of(work: Work, case: Row[Any], moment_ids: Iterable[UUID]) -> set[UUID]:
    """Those of `moment_ids` the caller may not see (a removed moment counts as hidden)."""
    wanted = set(moment_ids)
    visible = moments_visible(work, case)
    if visible is None or not wanted:
        return set()
    shown = await work.conn.scalars(
        select(MOMENTS.c.id).where(MOMENTS.c.id.in_(wanted), MOMENTS.c.case_id == case.id, visible)
    )
    return wanted - set(shown)


async def plans_as_seen(
    work: Work, case: Row[Any], plans: list[FeedbackPlan]
) -> list[FeedbackPlan]:
    """Feedback plans without the moments hidden from the caller, each saying how many were
    left out; their questions go with them, and so do the clip requests of their footage
    (clips and reel: one request per footage, whose moments are all hidden or all shown)."""
    hidden = await hidden_of(work, case, (m for plan in plans for m in plan.moment_ids))
    if not hidden:
        return plans
    return [plan.without(hidden) for plan in plans]


async def sessions_as_seen(work: Work, case: Row[Any], sessions: list[Session]) -> list[Session]:
    """Sessions without the clips shown of moments hidden from the caller, counted instead."""
    shown = (c.moment_id for s in sessions for c in s.clips_shown)
    hidden = await hidden_of(work, case, shown)
    if not hidden:
        return sessions
    return [session.without(hidden) for session in sessions]
