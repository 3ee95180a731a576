"""Time-coded coaching comments on an apprentice's footage, between them and their supervisor.

Who may take part is decided per footage: the case must be visible to the caller (for a
supervisor that takes supervision consent, see `access`), and the caller must be the case's
practitioner or that practitioner's supervisor. Nobody else reads or writes these comments.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID, uuid4

from spin_contracts.claims import Role
from spin_contracts.events.coaching import CoachingCommentPosted
from spincore.i18n import N_

from spin_planner.domain.commands.coaching import NewComment
from spin_planner.domain.cycle_records import Case
from spin_planner.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from spin_planner.domain.records import Comment
from spin_planner.domain.tenancy import Access, case_list_scope
from spin_planner.service.access import case_for, tenant_of
from spin_planner.service.work import Work

SUPERVISOR, APPRENTICE = "supervisor", "apprentice"
UNSEEN = N_("you may not see this footage, so you cannot comment on it or code it")


@dataclass(frozen=True)
class Pair:
    """The apprentice and supervisor around one footage, and which of them is asking."""

    case: Case
    footage_id: UUID
    duration_s: float
    practitioner_id: str
    supervisor_id: str
    role: str


async def coaching_pair(work: Work, case_id: UUID, footage_id: UUID) -> Pair:
    try:
        case = await case_for(work, case_id, Access.READ)
    except (NotFound, Forbidden) as error:
        raise NotFound(UNSEEN) from error
    footage = await work.moments.footage_length(case.agency_id, case.case_code, footage_id)
    if footage is None or footage.duration_s is None:
        raise NotFound(UNSEEN)
    duration = footage.duration_s
    practitioner = await work.directory.practitioner(case.practitioner_id, None)
    supervisor_id = None if practitioner is None else practitioner.supervisor_id
    if supervisor_id is None:
        raise Conflict("the case's practitioner has no supervisor: there is no coaching here")
    principal = work.principal
    if principal.subject == case.practitioner_id and principal.role in {
        Role.PRACTITIONER,
        Role.SUPERVISOR,
    }:
        role = APPRENTICE
    elif principal.subject == supervisor_id and principal.role is Role.SUPERVISOR:
        role = SUPERVISOR
    else:
        raise Forbidden("coaching on footage is between the apprentice and their supervisor only")
    return Pair(case, footage_id, float(duration), case.practitioner_id, supervisor_id, role)


async def _placed(work: Work, pair: Pair, new: NewComment) -> tuple[float, UUID | None]:
    """Where on the footage the comment sits, and the thread it joins: a reply sits at the
    time of the comment that opened its thread."""
    if new.reply_to is None:
        if new.at_s > pair.duration_s:
            raise InvalidInput(
                "%(at_s)g s is past the end of the footage (%(duration_s)g s)",
                field="at_s",
                at_s=new.at_s,
                duration_s=pair.duration_s,
            )
        return new.at_s, None
    opening = await work.coaching.comment(pair.footage_id, new.reply_to)
    if opening is None:
        raise InvalidInput("there is no such comment on this footage to reply to", field="reply_to")
    return opening.at_s, opening.reply_to or opening.id


async def post_comment(work: Work, case_id: UUID, footage_id: UUID, new: NewComment) -> Comment:
    pair = await coaching_pair(work, case_id, footage_id)
    at_s, root = await _placed(work, pair, new)
    comment_id = uuid4()
    event = CoachingCommentPosted(
        case_id=case_id,
        case_code=pair.case.case_code,
        comment_id=comment_id,
        footage_id=footage_id,
        at_s=at_s,
        author_id=work.principal.subject,
        practitioner_id=pair.practitioner_id,
        supervisor_id=pair.supervisor_id,
        reply_to=root,
        posted_at=work.now,
    )
    fields = {
        "id": comment_id,
        "case_id": case_id,
        "footage_id": footage_id,
        "practitioner_id": pair.practitioner_id,
        "supervisor_id": pair.supervisor_id,
        "author_id": work.principal.subject,
        "reply_to": root,
        "at_s": at_s,
        "words": new.words,
        "created_at": work.now,
    }
    return await work.coaching.post(fields, work.outgoing(event, tenant_of(pair.case)))


async def list_comments(work: Work, case_id: UUID, footage_id: UUID) -> Sequence[Comment]:
    pair = await coaching_pair(work, case_id, footage_id)
    return await work.coaching.thread(footage_id, pair.practitioner_id, pair.supervisor_id)


async def my_comments(work: Work, limit: int) -> Sequence[Comment]:
    """The newest comments of the caller's coaching, as apprentice or as supervisor, on
    footage of cases they may still see."""
    principal = work.principal
    as_supervisor = principal.role is Role.SUPERVISOR
    seen_as = case_list_scope(principal)
    return await work.coaching.newest(principal.subject, as_supervisor, seen_as, work.now, limit)
