"""Loading a case for the caller: 404 outside their tenant, 403 when their role falls short."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from spin_contracts.claims import Role
from spin_contracts.events import Tenant
from spin_contracts.events.consent import ConsentPurpose
from spincore.db import Guard
from sqlalchemy import ColumnElement, Row, Table, and_, bindparam, exists, or_, select

from spin_planner.adapters.tables import CASES, CONSENTS, PRACTITIONERS
from spin_planner.domain.errors import NotFound
from spin_planner.domain.tenancy import Access, CaseScope, case_access, case_list_scope, require
from spin_planner.service.work import Work


def consent_holds(case_id: Any, purpose: ConsentPurpose, at: datetime) -> ColumnElement[bool]:
    """SQL: the case has a consent for `purpose` valid at `at`."""
    return exists().where(
        CONSENTS.c.case_id == case_id,
        CONSENTS.c.purpose == purpose.value,
        CONSENTS.c.granted_at <= at,
        or_(CONSENTS.c.withdrawn_at.is_(None), CONSENTS.c.withdrawn_at > at),
        or_(CONSENTS.c.valid_until.is_(None), CONSENTS.c.valid_until > at),
    )


def supervision_allowed(case_id: Any, at: datetime) -> ColumnElement[bool]:
    """SQL: the family lets the supervisor see the case: supervision consent holds, and a
    training consent was not withdrawn (coaching an apprentice is training on their footage)."""
    training = and_(
        CONSENTS.c.case_id == case_id, CONSENTS.c.purpose == ConsentPurpose.TRAINING.value
    )
    withdrawn = exists().where(training, CONSENTS.c.withdrawn_at <= at)
    return and_(
        consent_holds(case_id, ConsentPurpose.SUPERVISION_VIEWING, at),
        or_(~withdrawn, consent_holds(case_id, ConsentPurpose.TRAINING, at)),
    )


def supervised_by(supervisor_id: str) -> ColumnElement[bool]:
    """SQL: the case's practitioner is an apprentice of `supervisor_id`."""
    return CASES.c.practitioner_id.in_(
        select(PRACTITIONERS.c.id).where(PRACTITIONERS.c.supervisor_id == supervisor_id)
    )


def unchanged(case: Row[Any]) -> Guard:
    """Holds while the case is as read: every edit, reassignment and closing bumps its
    version, and the guard's share lock waits for one in progress."""
    return Guard(_CASE_AT_VERSION, {"guard_case_id": case.id, "guard_version": case.version})


def tenant_of(case: Row[Any]) -> Tenant:
    return Tenant(institute_id=case.institute_id, agency_id=case.agency_id, site_id=case.site_id)


# Built once: most requests load their case first, and a statement built per request costs
# more Python (construction and its cache key) than the query costs PostgreSQL.
_CASE = select(CASES).where(CASES.c.id == bindparam("case_id"))
_CASE_FOR_UPDATE = _CASE.with_for_update()
_CASE_AT_VERSION = select(CASES.c.id).where(
    CASES.c.id == bindparam("guard_case_id"), CASES.c.version == bindparam("guard_version")
)


async def case_for(work: Work, case_id: UUID, needed: Access) -> Row[Any]:
    """The case row if the caller may act on it as `needed`; locked for writes in a
    transaction (outside one, a write guards itself with `unchanged`)."""
    query = _CASE_FOR_UPDATE if needed is Access.WRITE and work.in_transaction else _CASE
    case = (await work.conn.execute(query, {"case_id": case_id})).first()
    if case is None:
        raise NotFound("no such case")
    require(await access_to(work, case), needed)
    return case


async def part_of_case(
    work: Work, table: Table, case_id: UUID, part_id: UUID, missing: str, *, lock: bool
) -> Row[Any]:
    """The row `part_id` of `table` (a moment, question, plan, consent or hold) if it is part
    of the case, locked for a write with `lock`; NotFound with the sentence `missing` if not."""
    query = select(table).where(table.c.id == part_id, table.c.case_id == case_id)
    row = (await work.conn.execute(query.with_for_update() if lock else query)).first()
    if row is None:
        raise NotFound(missing)
    return row


async def access_to(work: Work, case: Row[Any]) -> Access:
    principal = work.principal
    scope = CaseScope(case.institute_id, case.agency_id, case.site_id, case.practitioner_id)
    apprentice_case = False
    if principal.role is Role.SUPERVISOR and case.practitioner_id != principal.subject:
        apprentice_case = bool(
            await work.conn.scalar(
                select(
                    and_(
                        supervised_by(principal.subject),
                        supervision_allowed(case.id, work.now),
                    )
                ).where(CASES.c.id == case.id)
            )
        )
    return case_access(
        principal,
        scope,
        supervises_practitioner=apprentice_case,
        supervision_consent=apprentice_case,
    )


def visible_cases(work: Work) -> list[ColumnElement[bool]]:
    """SQL conditions narrowing a case listing to what the caller may see."""
    scope = case_list_scope(work.principal)
    conditions: list[ColumnElement[bool]] = []
    if scope.institute_id is not None:
        conditions.append(CASES.c.institute_id == scope.institute_id)
    if scope.agency_id is not None:
        conditions.append(CASES.c.agency_id == scope.agency_id)
    own = CASES.c.practitioner_id == scope.practitioner_id
    if scope.supervisor_id is not None:
        apprentices = and_(
            supervised_by(scope.supervisor_id), supervision_allowed(CASES.c.id, work.now)
        )
        conditions.append(or_(own, apprentices))
    elif scope.practitioner_id is not None:
        conditions.append(own)
    return conditions
