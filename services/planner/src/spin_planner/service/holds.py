"""Legal holds: placed and lifted by the case's agency admins; transcode acts on the events."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID, uuid4

from spin_contracts.claims import Role
from spin_contracts.events.holds import LegalHoldLifted, LegalHoldPlaced
from spincore.i18n import N_
from sqlalchemy import select, update

from spin_planner.adapters.records import record, records
from spin_planner.adapters.tables import LEGAL_HOLDS
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
    values = {
        "id": hold_id,
        "case_id": case_id,
        "reason": new.reason,
        "placed_by": work.principal.subject,
        "placed_at": work.now,
    }
    row = await work.insert_emitting(LEGAL_HOLDS, values, event, tenant_of(case))
    return record(LegalHold, row)


async def lift_hold(work: Work, case_id: UUID, hold_id: UUID) -> LegalHold:
    case = await case_for(work, case_id, Access.WRITE)
    _only_admins(work)
    missing = N_("no such legal hold for this case")
    hold = await part_of_case(work, LEGAL_HOLDS, case_id, hold_id, missing, lock=True)
    if hold.lifted_at is not None:
        raise Conflict("this hold was already lifted on %(at)s", at=hold.lifted_at.isoformat())
    row = (
        await work.conn.execute(
            update(LEGAL_HOLDS)
            .where(LEGAL_HOLDS.c.id == hold_id)
            .values(lifted_at=work.now, lifted_by=work.principal.subject)
            .returning(*LEGAL_HOLDS.c)
        )
    ).one()
    event = LegalHoldLifted(
        case_id=case_id, case_code=case.case_code, hold_id=hold_id, lifted_at=work.now
    )
    await work.emit(event, tenant_of(case))
    return record(LegalHold, row)


async def list_holds(work: Work, case_id: UUID) -> Sequence[LegalHold]:
    await case_for(work, case_id, Access.READ)
    _only_admins(work)
    rows = await work.conn.execute(
        select(LEGAL_HOLDS)
        .where(LEGAL_HOLDS.c.case_id == case_id)
        .order_by(LEGAL_HOLDS.c.placed_at)
    )
    return records(LegalHold, rows)
