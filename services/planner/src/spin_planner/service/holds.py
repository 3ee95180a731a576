"""Legal holds: placed and lifted by the case's agency admins; transcode acts on the events."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID, uuid4

from spin_contracts.claims import Role
from spin_contracts.events.holds import LegalHoldLifted, LegalHoldPlaced
from spincore.i18n import N_

from spin_planner.domain.commands.cases import NewHold
from spin_planner.domain.errors import Conflict, Forbidden
from spin_planner.domain.records import LegalHold
from spin_planner.domain.tenancy import Access
from spin_planner.service.access import case_for, part_of_case, tenant_of
from spin_planner.service.work import Work

_HOLDERS = {Role.AGENCY_ADMIN, Role.SERVICE}


def _only_admins(work: Work) -> None:
    if work.principal.role not in _HOLDERS:
        raise Forbidden("only the agency's admins may place or lift a legal hold")


async def place_hold(work: Work, case_id: UUID, new: NewHold) -> LegalHold:
    case = await case_for(work, case_id, Access.WRITE)
    _only_admins(work)
    hold_id = uuid4()
    event = LegalHoldPlaced(
        case_id=case_id, case_code=case.case_code, hold_id=hold_id, placed_at=work.now
    )
    fields = {
        "id": hold_id,
        "case_id": case_id,
        "reason": new.reason,
        "placed_by": work.principal.subject,
        "placed_at": work.now,
    }
    return await work.holds.place(fields, work.outgoing(event, tenant_of(case)))


async def lift_hold(work: Work, case_id: UUID, hold_id: UUID) -> LegalHold:
    case = await case_for(work, case_id, Access.WRITE)
    _only_admins(work)
    missing = N_("no such legal hold for this case")
    hold = await part_of_case(work.holds.get(case_id, hold_id, lock=True), missing)
    if hold.lifted_at is not None:
        raise Conflict("this hold was already lifted on %(at)s", at=hold.lifted_at.isoformat())
    lifted = await work.holds.lift(hold_id, work.now, work.principal.subject)
    event = LegalHoldLifted(
        case_id=case_id, case_code=case.case_code, hold_id=hold_id, lifted_at=work.now
    )
    await work.emit(event, tenant_of(case))
    return lifted


async def list_holds(work: Work, case_id: UUID) -> Sequence[LegalHold]:
    await case_for(work, case_id, Access.READ)
    _only_admins(work)
    return await work.holds.of_case(case_id)
