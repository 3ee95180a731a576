"""Loading a case for the caller: 404 outside their tenant, 403 when their role falls short."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TypeVar
from uuid import UUID

from spin_contracts.claims import Role
from spin_contracts.events import Tenant

from spin_planner.domain.cycle_records import Case
from spin_planner.domain.errors import NotFound
from spin_planner.domain.tenancy import Access, CaseScope, case_access, require
from spin_planner.service.ports import CaseAsRead
from spin_planner.service.work import Work

P = TypeVar("P")


def as_read(case: Case) -> CaseAsRead:
    """The condition of a write that relies on the case as it was read."""
    return CaseAsRead(case.id, case.version)


def tenant_of(case: Case) -> Tenant:
    return Tenant(institute_id=case.institute_id, agency_id=case.agency_id, site_id=case.site_id)


async def case_for(work: Work, case_id: UUID, needed: Access) -> Case:
    """The case if the caller may act on it as `needed`; locked for writes in a
    transaction (outside one, a write guards itself with `as_read`)."""
    case = await work.cases.get(case_id, lock=needed is Access.WRITE and work.in_transaction)
    if case is None:
        raise NotFound("no such case")
    require(await access_to(work, case), needed)
    return case


async def part_of_case(found: Awaitable[P | None], missing: str) -> P:
    """The part of a case a store `found` (a moment, question, plan, consent or hold);
    NotFound with the sentence `missing` if it is not part of the case."""
    part = await found
    if part is None:
        raise NotFound(missing)
    return part


async def access_to(work: Work, case: Case) -> Access:
    principal = work.principal
    scope = CaseScope(case.institute_id, case.agency_id, case.site_id, case.practitioner_id)
    apprentice_case = False
    if principal.role is Role.SUPERVISOR and case.practitioner_id != principal.subject:
        apprentice_case = await work.cases.apprentice_case(case.id, principal.subject, work.now)
    return case_access(
        principal,
        scope,
        supervises_practitioner=apprentice_case,
        supervision_consent=apprentice_case,
    )
