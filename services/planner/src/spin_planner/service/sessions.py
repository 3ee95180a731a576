"""Recording direct contacts: filming, shared review, adolescent coaching."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any
from uuid import UUID, uuid4

from spin_contracts.claims import Role
from spin_contracts.events.planner import SessionKind, SessionRecorded, ShownClip
from sqlalchemy import bindparam, func, select
from sqlalchemy.dialects.postgresql import JSONB, aggregate_order_by
from sqlalchemy.exc import IntegrityError

from spin_planner.adapters.pages import page
from spin_planner.adapters.records import footage_record, session_record
from spin_planner.adapters.revisions import revised
from spin_planner.adapters.sql_access import case_unchanged
from spin_planner.adapters.tables import FEEDBACK_PLANS, FOOTAGE, SESSIONS
from spin_planner.domain import timeline
from spin_planner.domain.commands.sessions import (
    NewCoaching,
    NewContact,
    NewFilming,
    NewSharedReview,
)
from spin_planner.domain.cycle_events import shown_clips
from spin_planner.domain.cycle_records import Case, Footage, Session, homework_agreed
from spin_planner.domain.errors import Conflict, InvalidInput, NotFound
from spin_planner.domain.tenancy import Access
from spin_planner.service import blind
from spin_planner.service.access import as_read, case_for, tenant_of
from spin_planner.service.moments import marked_in_case
from spin_planner.service.work import Work

ADOLESCENT_FROM_AGE = 12
REF_PER_CASE = "sessions_filming_ref"  # the unique constraint: one filming per ref in a case


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
    try:
        row = await work.insert_emitting(
            SESSIONS,
            {**values, **fields},
            event,
            tenant_of(case),
            guard=case_unchanged(as_read(case)),
        )
    except IntegrityError as error:
        if _constraint(error) != REF_PER_CASE:
            raise
        ref = fields.get("filming_session_ref")
        raise Conflict(
            "the filming session ref %(ref)r is already used in this case",
            field="filming_session_ref",
            ref=ref,
        ) from error
    return session_record(row)


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
    return replace(session, footage=await _footage_of(work, case, ref))


async def record_shared_review(work: Work, case_id: UUID, new: NewSharedReview) -> Session:
    case = await _open_case_for_contact(work, case_id, new)
    filmed = await work.conn.scalars(
        select(SESSIONS.c.held_at).where(
            SESSIONS.c.case_id == case_id, SESSIONS.c.kind == SessionKind.FILMING.value
        )
    )
    timeline.review_follows_filming(new.held_at, filmed.all())
    plan_moments: list[str] = []
    if new.feedback_plan_id is not None:
        plan_moments = await _plan_to_show(work, case_id, new.feedback_plan_id)
    moment_ids = new.clips_shown if new.clips_shown is not None else [UUID(m) for m in plan_moments]
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
        await revised(work.conn, FEEDBACK_PLANS, new.feedback_plan_id, shown)
    return session


async def _plan_to_show(work: Work, case_id: UUID, plan_id: UUID) -> list[str]:
    plan = (
        await work.conn.execute(
            select(FEEDBACK_PLANS)
            .where(FEEDBACK_PLANS.c.id == plan_id, FEEDBACK_PLANS.c.case_id == case_id)
            .with_for_update()
        )
    ).first()
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


# The footage linked to each filming session, read along with it (JSON; NULL when none): a
# listing then costs one round trip, not a second one for the case's footage.
_LINKED_FOOTAGE = (
    select(
        func.jsonb_agg(
            aggregate_order_by(FOOTAGE.table_valued(), FOOTAGE.c.uploaded_at, FOOTAGE.c.id),
            type_=JSONB,
        )
    )
    .where(
        FOOTAGE.c.agency_id == bindparam("agency_id"),
        FOOTAGE.c.case_code == bindparam("case_code"),
        FOOTAGE.c.filming_session_ref == SESSIONS.c.filming_session_ref,
    )
    .scalar_subquery()
    .label("linked_footage")
)
_SESSIONS_WITH_FOOTAGE = select(SESSIONS, _LINKED_FOOTAGE)


def _footage_params(case: Case) -> dict[str, Any]:
    return {"agency_id": case.agency_id, "case_code": case.case_code}


async def list_sessions(
    work: Work, case_id: UUID, kind: SessionKind | None, limit: int, offset: int
) -> tuple[Sequence[Session], int]:
    case = await case_for(work, case_id, Access.READ)
    query = _SESSIONS_WITH_FOOTAGE.where(SESSIONS.c.case_id == case_id).order_by(SESSIONS.c.held_at)
    if kind is not None:
        query = query.where(SESSIONS.c.kind == kind.value)
    rows, total = await page(work.conn, query, limit, offset, _footage_params(case))
    return await blind.sessions_as_seen(work, case, [session_record(row) for row in rows]), total


async def read_session(work: Work, case_id: UUID, session_id: UUID) -> Session:
    case = await case_for(work, case_id, Access.READ)
    query = _SESSIONS_WITH_FOOTAGE.where(SESSIONS.c.id == session_id, SESSIONS.c.case_id == case_id)
    row = (await work.conn.execute(query, _footage_params(case))).first()
    if row is None:
        raise NotFound("no such session for this case")
    return (await blind.sessions_as_seen(work, case, [session_record(row)]))[0]


async def _footage_of(work: Work, case: Case, ref: str) -> list[Footage]:
    """Footage uploaded before its filming session was recorded (it names the ref)."""
    query = (
        select(FOOTAGE)
        .where(
            FOOTAGE.c.agency_id == case.agency_id,
            FOOTAGE.c.case_code == case.case_code,
            FOOTAGE.c.filming_session_ref == ref,
        )
        .order_by(FOOTAGE.c.uploaded_at, FOOTAGE.c.id)
    )
    return [footage_record(row) for row in await work.conn.execute(query)]


def _constraint(error: IntegrityError) -> str | None:
    """The constraint `error` broke (asyncpg's error, which SQLAlchemy wraps, names it)."""
    return getattr(error.orig.__cause__, "constraint_name", None) if error.orig else None
