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
from sqlalchemy import or_, select

from spin_planner.adapters.coaching_tables import COACHING_COMMENTS
from spin_planner.adapters.records import record, records
from spin_planner.adapters.sql_access import visible_cases
from spin_planner.adapters.tables import CASES, FOOTAGE, PRACTITIONERS
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
    duration = await work.conn.scalar(
        select(FOOTAGE.c.duration_s).where(
            FOOTAGE.c.id == footage_id,
            FOOTAGE.c.agency_id == case.agency_id,
            FOOTAGE.c.case_code == case.case_code,
        )
    )
    if duration is None:
        raise NotFound(UNSEEN)
    supervisor_id = await work.conn.scalar(
        select(PRACTITIONERS.c.supervisor_id).where(PRACTITIONERS.c.id == case.practitioner_id)
    )
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
    opening = (
        await work.conn.execute(
            select(COACHING_COMMENTS).where(
                COACHING_COMMENTS.c.id == new.reply_to,
                COACHING_COMMENTS.c.footage_id == pair.footage_id,
            )
        )
    ).first()
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
    values = {
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
    row = await work.insert_emitting(COACHING_COMMENTS, values, event, tenant_of(pair.case))
    return record(Comment, row)


async def list_comments(work: Work, case_id: UUID, footage_id: UUID) -> Sequence[Comment]:
    pair = await coaching_pair(work, case_id, footage_id)
    rows = await work.conn.execute(
        select(COACHING_COMMENTS)
        .where(
            COACHING_COMMENTS.c.footage_id == footage_id,
            COACHING_COMMENTS.c.practitioner_id == pair.practitioner_id,
            COACHING_COMMENTS.c.supervisor_id == pair.supervisor_id,
        )
        .order_by(COACHING_COMMENTS.c.at_s, COACHING_COMMENTS.c.created_at)
    )
    return records(Comment, rows)


async def my_comments(work: Work, limit: int) -> Sequence[Comment]:
    """The newest comments of the caller's coaching, as apprentice or as supervisor, on
    footage of cases they may still see."""
    me = work.principal.subject
    mine = COACHING_COMMENTS.c.practitioner_id == me
    if work.principal.role is Role.SUPERVISOR:
        mine = or_(mine, COACHING_COMMENTS.c.supervisor_id == me)
    query = (
        select(COACHING_COMMENTS)
        .join(CASES, CASES.c.id == COACHING_COMMENTS.c.case_id)
        .where(mine, *visible_cases(case_list_scope(work.principal), work.now))
        .order_by(COACHING_COMMENTS.c.created_at.desc())
        .limit(limit)
    )
    return records(Comment, await work.conn.execute(query))
