"""Supervision: video feedback coaching of a practitioner by their supervisor (F9)."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID, uuid4

from spin_contracts.claims import Role
from spin_contracts.events import Tenant
from spin_contracts.events.planner import SupervisionRecorded

from spin_planner.domain import timeline
from spin_planner.domain.commands.sessions import NewSupervision
from spin_planner.domain.errors import InvalidInput, NotFound
from spin_planner.domain.records import Supervision
from spin_planner.domain.tenancy import case_list_scope, may_act_in_agency
from spin_planner.service.contact_ports import Coached, SupervisionScope
from spin_planner.service.work import Work


async def record_supervision(work: Work, new: NewSupervision) -> Supervision:
    coached = await _coached(work, new.practitioner_id)
    practitioner = coached.practitioner
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
        institute_id=coached.institute_id,
        agency_id=practitioner.agency_id,
        site_id=practitioner.site_id,
    )
    fields = {
        "id": supervision_id,
        "agency_id": practitioner.agency_id,
        "practitioner_id": practitioner.id,
        "supervisor_id": supervisor_id,
        "held_at": new.held_at,
        "duration_minutes": new.duration_minutes,
        "note": new.note,
        "footage_ids": list(dict.fromkeys(new.footage_ids)),
    }
    return await work.supervisions.record(fields, work.outgoing(event, tenant))


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
    seen_as = case_list_scope(work.principal) if work.principal.role is Role.SUPERVISOR else None
    known = await work.supervisions.footage_known(practitioner_id, footage_ids, seen_as, work.now)
    if unknown := [f for f in footage_ids if f not in known]:
        raise InvalidInput(
            "footage %(footage)s is not footage of this practitioner's cases that you may "
            "see: choose it from the list",
            field="footage_ids",
            footage=unknown[0],
        )


async def _coached(work: Work, practitioner_id: str) -> Coached:
    coached = await work.supervisions.coached(practitioner_id)
    if coached is None or not may_act_in_agency(
        work.principal, coached.institute_id, coached.practitioner.agency_id
    ):
        raise NotFound("no such practitioner %(id)r", id=practitioner_id)
    return coached


async def list_supervisions(
    work: Work, practitioner_id: str | None, limit: int, offset: int
) -> tuple[Sequence[Supervision], int]:
    principal = work.principal
    scope = SupervisionScope(
        institute_id=None if principal.role is Role.SERVICE else principal.institute_id,
        agency_id=principal.agency_id if principal.role in _IN_AGENCY else None,
        person_id=principal.subject if principal.role in _GUIDES else None,
        practitioner_id=practitioner_id,
    )
    return await work.supervisions.page(scope, limit, offset)


_GUIDES = {Role.PRACTITIONER, Role.SUPERVISOR}
_IN_AGENCY = {Role.AGENCY_ADMIN, *_GUIDES}
