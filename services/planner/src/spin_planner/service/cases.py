"""Opening, editing, closing and listing cases."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import Any
from uuid import UUID, uuid4

from spin_contracts.claims import Role
from spin_contracts.events.planner import CaseUpdated, DeliverySetting

from spin_planner.domain import timeline
from spin_planner.domain.commands.cases import CaseClosure, CaseEdit, NewCase
from spin_planner.domain.concurrency import check_current
from spin_planner.domain.cycle_events import case_closed, case_opened
from spin_planner.domain.cycle_records import Case
from spin_planner.domain.errors import Conflict, InvalidInput
from spin_planner.domain.identifiers import id_for_new, new_case_code
from spin_planner.domain.records import Practitioner
from spin_planner.domain.tenancy import Access, case_list_scope
from spin_planner.service.access import access_to, case_for, tenant_of
from spin_planner.service.ports import CaseFilter
from spin_planner.service.work import Work


async def open_case(work: Work, new: NewCase) -> Case:
    practitioner = await _practitioner_for(work, new.practitioner_id)
    timeline.not_in_future_day(new.opened_on, work.now, what="the opening date", field="opened_on")
    institute_id = await work.directory.institute_of(practitioner.agency_id)
    case_id = uuid4()
    case_code = id_for_new(work.principal, new.case_code, "case", "case_code", new_case_code())
    case = await work.cases.open(
        {
            "id": case_id,
            "case_code": case_code,
            "institute_id": institute_id,
            "agency_id": practitioner.agency_id,
            "site_id": practitioner.site_id,
            "practitioner_id": practitioner.id,
            "delivery_setting": new.delivery_setting.value,
            "caregivers": [asdict(c) for c in new.caregivers],
            "children": [asdict(c) for c in new.children],
            "opened_on": new.opened_on,
            "self_rating_start": new.self_rating_start,
        }
    )
    if case is None:
        # Only a service-role caller names a code, and it sees every tenant's cases anyway.
        raise Conflict(
            "the case code %(code)s is already in use", field="case_code", code=case_code
        )
    event = case_opened(case_id, case_code, practitioner.id, practitioner.site_id, new)
    await work.emit(event, tenant_of(case))
    return case


async def _practitioner_for(work: Work, practitioner_id: str | None) -> Practitioner:
    """The practitioner a case is given to: one of the caller's agency (themselves, if a guide)."""
    principal = work.principal
    if principal.role in {Role.PRACTITIONER, Role.SUPERVISOR}:
        if practitioner_id not in {None, principal.subject}:
            raise InvalidInput(
                "a practitioner opens cases for themselves; an agency admin can assign others",
                field="practitioner_id",
            )
        practitioner_id = principal.subject
    if practitioner_id is None:
        raise InvalidInput("name the practitioner the case is given to", field="practitioner_id")
    agency_id = None if principal.role is Role.SERVICE else principal.agency_id
    practitioner = await work.directory.practitioner(practitioner_id, agency_id)
    if practitioner is None:
        raise InvalidInput(
            "%(id)r is not a registered practitioner of your agency",
            field="practitioner_id",
            id=practitioner_id,
        )
    return practitioner


async def edit_case(work: Work, case_id: UUID, version: int, edit: CaseEdit) -> Case:
    case = await case_for(work, case_id, Access.WRITE)
    check_current(version, case.version)
    timeline.case_is_open(case.closed_on, action="change it")
    changes: dict[str, Any] = {}
    if edit.practitioner_id is not None and edit.practitioner_id != case.practitioner_id:
        practitioner = await _reassignable(work, edit.practitioner_id)
        changes |= {"practitioner_id": practitioner.id, "site_id": practitioner.site_id}
    if edit.delivery_setting is not None:
        changes["delivery_setting"] = edit.delivery_setting.value
    if edit.caregivers is not None:
        changes["caregivers"] = [asdict(c) for c in edit.caregivers]
    if edit.children is not None:
        changes["children"] = [asdict(c) for c in edit.children]
    if edit.self_rating_start is not None:
        changes["self_rating_start"] = edit.self_rating_start
    updated = await work.cases.revise(case.id, changes)
    await work.emit(
        CaseUpdated(
            case_id=updated.id,
            case_code=updated.case_code,
            practitioner_id=updated.practitioner_id,
            site_id=updated.site_id,
            delivery_setting=DeliverySetting(updated.delivery_setting),
            children_ages=[c["age"] for c in updated.children],
            caregiver_count=len(updated.caregivers),
            self_rating_start=updated.self_rating_start,
            updated_at=work.now,
        ),
        tenant_of(updated),
    )
    return updated


async def _reassignable(work: Work, practitioner_id: str) -> Practitioner:
    if work.principal.role not in {Role.AGENCY_ADMIN, Role.SERVICE}:
        raise InvalidInput(
            "only an agency admin can give a case to another practitioner",
            field="practitioner_id",
        )
    return await _practitioner_for(work, practitioner_id)


async def close_case(work: Work, case_id: UUID, version: int, closure: CaseClosure) -> Case:
    case = await case_for(work, case_id, Access.WRITE)
    if case.closed_on is not None:
        raise Conflict("the case was already closed on %(day)s", day=case.closed_on.isoformat())
    check_current(version, case.version)
    timeline.not_in_future_day(
        closure.closed_on, work.now, what="the closing date", field="closed_on"
    )
    timeline.not_before_opening(
        closure.closed_on, case.opened_on, what="the closing date", field="closed_on"
    )
    updated = await work.cases.revise(
        case.id,
        {
            "closed_on": closure.closed_on,
            "close_reason": closure.reason,
            "self_rating_end": closure.self_rating_end,
        },
    )
    await work.emit(case_closed(case.id, case.case_code, closure), tenant_of(updated))
    return updated


async def read_case(work: Work, case_id: UUID) -> Case:
    case = await case_for(work, case_id, Access.METADATA)
    return case_record(case, await access_to(work, case))


async def list_cases(
    work: Work, where: CaseFilter, *, limit: int, offset: int
) -> tuple[Sequence[Case], int]:
    scope = case_list_scope(work.principal)
    found, total = await work.cases.page(scope, work.now, where, limit, offset)
    access = Access.METADATA if work.principal.role is Role.INSTITUTE_STAFF else Access.READ
    return [case_record(case, access) for case in found], total


def case_record(case: Case, access: Access) -> Case:
    """The case as the caller may see it: institute staff get no names."""
    return case if access >= Access.READ else case.without_names()
