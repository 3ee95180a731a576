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
from uuid import UUID

from spin_contracts.claims import Role
from spincore.i18n import N_

from spin_planner.domain.cycle_records import Case, FeedbackPlan, Session
from spin_planner.service.ports import BlindCoder
from spin_planner.service.work import Work

HIDDEN = N_(
    "the apprentice's moments on this footage are hidden from you until both of you have "
    "finished coding it independently (or you choose to see them instead of coding it)"
)
SEEN = N_(
    "you chose to see the apprentice's moments on this footage, so your coding of it would "
    "not be independent: it is closed"
)


def supervising(work: Work, case: Case) -> bool:
    """The caller sees this case as the supervisor of its practitioner (not their own case)."""
    principal = work.principal
    return principal.role is Role.SUPERVISOR and principal.subject != case.practitioner_id


def blind_coder(work: Work, case: Case) -> BlindCoder | None:
    """The caller as a supervisor coding the case's footage blind; None when they see all."""
    if not supervising(work, case):
        return None
    return BlindCoder(supervisor_id=work.principal.subject, apprentice_id=case.practitioner_id)


async def hidden_of(work: Work, case: Case, moment_ids: Iterable[UUID]) -> set[UUID]:
    """Those of `moment_ids` the caller may not see (a removed moment counts as hidden)."""
    coder = blind_coder(work, case)
    if coder is None:
        return set()
    return await work.moments.hidden_from(coder, case.id, moment_ids)


async def plans_as_seen(work: Work, case: Case, plans: list[FeedbackPlan]) -> list[FeedbackPlan]:
    """Feedback plans without the moments hidden from the caller, each saying how many were
    left out; their questions go with them, and so do the clip requests of their footage
    (clips and reel: one request per footage, whose moments are all hidden or all shown)."""
    hidden = await hidden_of(work, case, (m for plan in plans for m in plan.moment_ids))
    if not hidden:
        return plans
    return [plan.without(hidden) for plan in plans]


async def sessions_as_seen(work: Work, case: Case, sessions: list[Session]) -> list[Session]:
    """Sessions without the clips shown of moments hidden from the caller, counted instead."""
    shown = (c.moment_id for s in sessions for c in s.clips_shown)
    hidden = await hidden_of(work, case, shown)
    if not hidden:
        return sessions
    return [session.without(hidden) for session in sessions]
