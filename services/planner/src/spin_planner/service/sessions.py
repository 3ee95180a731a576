"""Recording direct contacts: filming, shared review, adolescent coaching."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any
from uuid import UUID, uuid4

from spin_contracts.claims import Role
from spin_contracts.events.planner import SessionKind, SessionRecorded, ShownClip

from spin_planner.domain import timeline
from spin_planner.domain.commands.sessions import (
    NewCoaching,
    NewContact,
    NewFilming,
    NewSharedReview,
)
from spin_planner.domain.cycle_events import shown_clips
from spin_planner.domain.cycle_records import Case, Session, homework_agreed
from spin_planner.domain.errors import Conflict, InvalidInput, NotFound
from spin_planner.domain.tenancy import Access
from spin_planner.service import blind
from spin_planner.service.access import as_read, case_for, tenant_of
from spin_planner.service.contact_ports import FilmingRefTaken
from spin_planner.service.moments import marked_in_case
from spin_planner.service.work import Outdated, Work

ADOLESCENT_FROM_AGE = 12


async def _open_case_for_contact(work: Work, case_id: UUID, new: NewContact) -> Case:
    case = await case_for(work, case_id, Access.WRITE)
    timeline.case_is_open(case.closed_on, action="record a session")
    timeline.not_in_future(new.held_at, work.now, what="the session", field="held_at")
    timeline.not_before_opening(new.held_at, case.opened_on, what="the session", field="held_at")
    return case


def _practitioner(work: Work, case: Case) -> str:
    principal = work.principal
    if principal.role in {Role.PRACTITIONER, Role.SUPERVISOR}:
        return principal.subject
    return str(case.practitioner_id)


async def _record(
    work: Work, case: Case, kind: SessionKind, new: NewContact, **fields: Any
) -> Session:
    session_id: UUID = fields.pop("id", None) or uuid4()
    practitioner_id = _practitioner(work, case)
    clips: list[ShownClip] = fields.pop("clips_shown", [])
    event = SessionRecorded(
        case_id=case.id,
        case_code=case.case_code,
        session_id=session_id,
        kind=kind,
        practitioner_id=practitioner_id,
        held_at=new.held_at,
        duration_minutes=new.duration_minutes,
        children_present=fields.get("children_present"),
        filming_session_ref=fields.get("filming_session_ref"),
        clips_shown=clips,
        homework_agreed=homework_agreed(kind, fields.get("homework")),
        feedback_plan_id=fields.get("feedback_plan_id"),
    )
    values = {
        "id": session_id,
        "case_id": case.id,
        "kind": kind.value,
        "practitioner_id": practitioner_id,
        "held_at": new.held_at,
        "duration_minutes": new.duration_minutes,
        "note": new.note,
        "clips_shown": [clip.model_dump(mode="json") for clip in clips],
    }
    outgoing = work.outgoing(event, tenant_of(case))
    try:
        session = await work.sessions.add({**values, **fields}, outgoing, as_read(case))
    except FilmingRefTaken as taken:
        raise Conflict(
            "the filming session ref %(ref)r is already used in this case",
            field="filming_session_ref",
            ref=fields.get("filming_session_ref"),
        ) from taken
    if session is None:
        raise Outdated
    return session


async def record_filming(work: Work, case_id: UUID, new: NewFilming) -> Session:
    case = await _open_case_for_contact(work, case_id, new)
    session_id = uuid4()
    ref = new.filming_session_ref or str(session_id)
    session = await _record(
        work,
        case,
        SessionKind.FILMING,
        new,
        id=session_id,
        children_present=new.children_present,
        filming_session_ref=ref,
    )
    if new.filming_session_ref is None:
        return session  # a ref made just now: no footage can name it yet
    return replace(session, footage=await work.sessions.footage_named(case, ref))


async def record_shared_review(work: Work, case_id: UUID, new: NewSharedReview) -> Session:
    case = await _open_case_for_contact(work, case_id, new)
    timeline.review_follows_filming(new.held_at, await work.sessions.filmed_at(case_id))
    plan_moments: list[UUID] = []
    if new.feedback_plan_id is not None:
        plan_moments = await _plan_to_show(work, case_id, new.feedback_plan_id)
    moment_ids = new.clips_shown if new.clips_shown is not None else plan_moments
    session_id = uuid4()
    session = await _record(
        work,
        case,
        SessionKind.SHARED_REVIEW,
        new,
        id=session_id,
        clips_shown=await _shown_clips(work, case_id, moment_ids),
        homework=new.homework or None,
        parent_reflection=new.parent_reflection,
        feedback_plan_id=new.feedback_plan_id,
        children_present=new.children_present,
    )
    if new.feedback_plan_id is not None:
        shown = {"shown_in_session_id": session_id}
        await work.plans.revise(new.feedback_plan_id, shown)
    return session


async def _plan_to_show(work: Work, case_id: UUID, plan_id: UUID) -> list[UUID]:
    plan = await work.plans.get(case_id, plan_id, lock=True)
    if plan is None:
        raise InvalidInput("no such feedback plan for this case", field="feedback_plan_id")
    if plan.shown_in_session_id is not None:
        raise Conflict("this feedback plan was already shown in an earlier shared review")
    return list(plan.moment_ids)


async def _shown_clips(work: Work, case_id: UUID, moment_ids: list[UUID]) -> list[ShownClip]:
    return shown_clips(await marked_in_case(work, case_id, moment_ids, "clips_shown"))


async def record_coaching(work: Work, case_id: UUID, new: NewCoaching) -> Session:
    case = await _open_case_for_contact(work, case_id, new)
    if not any(child["age"] >= ADOLESCENT_FROM_AGE for child in case.children):
        raise InvalidInput(
            "adolescent coaching needs a child aged %(age)s or over in the case",
            field="held_at",
            age=ADOLESCENT_FROM_AGE,
        )
    return await _record(work, case, SessionKind.ADOLESCENT_COACHING, new)


async def list_sessions(
    work: Work, case_id: UUID, kind: SessionKind | None, limit: int, offset: int
) -> tuple[Sequence[Session], int]:
    case = await case_for(work, case_id, Access.READ)
    kind_name = None if kind is None else kind.value
    found, total = await work.sessions.page(case, kind_name, limit, offset)
    return await blind.sessions_as_seen(work, case, found), total


async def read_session(work: Work, case_id: UUID, session_id: UUID) -> Session:
    case = await case_for(work, case_id, Access.READ)
    session = await work.sessions.get(case, session_id)
    if session is None:
        raise NotFound("no such session for this case")
    return (await blind.sessions_as_seen(work, case, [session]))[0]
