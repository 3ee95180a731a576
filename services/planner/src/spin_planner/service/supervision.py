"""Supervision: video feedback coaching of a practitioner by their supervisor (F9)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID, uuid4

from spin_contracts.claims import Role
from spin_contracts.events import Tenant
from spin_contracts.events.planner import SupervisionRecorded
from sqlalchemy import Row, and_, or_, select

from spin_planner.adapters.pages import page_of
from spin_planner.adapters.records import record
from spin_planner.adapters.sql_access import visible_cases
from spin_planner.adapters.tables import AGENCIES, CASES, FOOTAGE, PRACTITIONERS, SUPERVISIONS
from spin_planner.domain import timeline
from spin_planner.domain.commands.sessions import NewSupervision
from spin_planner.domain.errors import InvalidInput, NotFound
from spin_planner.domain.records import Supervision
from spin_planner.domain.tenancy import case_list_scope, may_act_in_agency
from spin_planner.service.work import Work


async def record_supervision(work: Work, new: NewSupervision) -> Supervision:
    practitioner = await _coached(work, new.practitioner_id)
    supervisor_id = _supervisor(work, new)
    if practitioner.supervisor_id != supervisor_id:
        raise InvalidInput(
            "%(supervisor)r is not the supervisor of %(practitioner)r",
            field="supervisor_id",
            supervisor=supervisor_id,
            practitioner=new.practitioner_id,
        )
    timeline.not_in_future(new.held_at, work.now, what="the supervision", field="held_at")
    await _footage_of(work, practitioner.id, new.footage_ids)
    supervision_id = uuid4()
    event = SupervisionRecorded(
        supervision_id=supervision_id,
        practitioner_id=practitioner.id,
        supervisor_id=supervisor_id,
        held_at=new.held_at,
        duration_minutes=new.duration_minutes,
    )
    tenant = Tenant(
        institute_id=practitioner.institute_id,
        agency_id=practitioner.agency_id,
        site_id=practitioner.site_id,
    )
    values = {
        "id": supervision_id,
        "agency_id": practitioner.agency_id,
        "practitioner_id": practitioner.id,
        "supervisor_id": supervisor_id,
        "held_at": new.held_at,
        "duration_minutes": new.duration_minutes,
        "note": new.note,
        "footage_ids": [str(f) for f in dict.fromkeys(new.footage_ids)],
    }
    row = await work.insert_emitting(SUPERVISIONS, values, event, tenant)
    return record(Supervision, row)


def _supervisor(work: Work, new: NewSupervision) -> str:
    principal = work.principal
    if principal.role is Role.SUPERVISOR:
        if new.supervisor_id not in {None, principal.subject}:
            raise InvalidInput(
                "a supervisor records their own supervision sessions", field="supervisor_id"
            )
        return principal.subject
    if new.supervisor_id is None:
        raise InvalidInput("name the supervisor", field="supervisor_id")
    return new.supervisor_id


async def _footage_of(work: Work, practitioner_id: str, footage_ids: list[UUID]) -> None:
    """Footage reviewed must be of the practitioner's cases, and a supervisor may review only
    what supervision consent lets them see."""
    if not footage_ids:
        return
    query = (
        select(FOOTAGE.c.id)
        .join(
            CASES,
            and_(
                CASES.c.agency_id == FOOTAGE.c.agency_id, CASES.c.case_code == FOOTAGE.c.case_code
            ),
        )
        .where(FOOTAGE.c.id.in_(footage_ids), CASES.c.practitioner_id == practitioner_id)
    )
    if work.principal.role is Role.SUPERVISOR:
        query = query.where(*visible_cases(case_list_scope(work.principal), work.now))
    known = set(await work.conn.scalars(query))
    if unknown := [f for f in footage_ids if f not in known]:
        raise InvalidInput(
            "footage %(footage)s is not footage of this practitioner's cases that you may "
            "see: choose it from the list",
            field="footage_ids",
            footage=unknown[0],
        )


async def _coached(work: Work, practitioner_id: str) -> Row[Any]:
    row = (
        await work.conn.execute(
            select(PRACTITIONERS, AGENCIES.c.institute_id)
            .join(AGENCIES, AGENCIES.c.id == PRACTITIONERS.c.agency_id)
            .where(PRACTITIONERS.c.id == practitioner_id)
        )
    ).first()
    if row is None or not may_act_in_agency(work.principal, row.institute_id, row.agency_id):
        raise NotFound("no such practitioner %(id)r", id=practitioner_id)
    return row


async def list_supervisions(
    work: Work, practitioner_id: str | None, limit: int, offset: int
) -> tuple[Sequence[Supervision], int]:
    principal = work.principal
    query = select(SUPERVISIONS).order_by(SUPERVISIONS.c.held_at.desc())
    if principal.role is not Role.SERVICE:
        query = query.join(AGENCIES, AGENCIES.c.id == SUPERVISIONS.c.agency_id).where(
            AGENCIES.c.institute_id == principal.institute_id
        )
    if principal.role in {Role.AGENCY_ADMIN, Role.PRACTITIONER, Role.SUPERVISOR}:
        query = query.where(SUPERVISIONS.c.agency_id == principal.agency_id)
    if principal.role in {Role.PRACTITIONER, Role.SUPERVISOR}:
        query = query.where(
            or_(
                SUPERVISIONS.c.practitioner_id == principal.subject,
                SUPERVISIONS.c.supervisor_id == principal.subject,
            )
        )
    if practitioner_id:
        query = query.where(SUPERVISIONS.c.practitioner_id == practitioner_id)
    return await page_of(Supervision, work.conn, query, limit, offset)
