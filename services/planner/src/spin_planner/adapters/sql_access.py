"""SQL of who may see a case: consents that hold, supervision, the cases a listing shows,
and the guard of a write that relies on a case as read."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from spin_contracts.events.consent import ConsentPurpose
from spincore.db import Guard
from sqlalchemy import ColumnElement, and_, bindparam, exists, or_, select

from spin_planner.adapters.tables import CASES, CONSENTS, PRACTITIONERS
from spin_planner.domain.tenancy import CaseListScope
from spin_planner.service.ports import CaseAsRead


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


def visible_cases(scope: CaseListScope, at: datetime) -> list[ColumnElement[bool]]:
    """SQL conditions narrowing a case listing to what `scope` may see at `at`."""
    conditions: list[ColumnElement[bool]] = []
    if scope.institute_id is not None:
        conditions.append(CASES.c.institute_id == scope.institute_id)
    if scope.agency_id is not None:
        conditions.append(CASES.c.agency_id == scope.agency_id)
    own = CASES.c.practitioner_id == scope.practitioner_id
    if scope.supervisor_id is not None:
        apprentices = and_(supervised_by(scope.supervisor_id), supervision_allowed(CASES.c.id, at))
        conditions.append(or_(own, apprentices))
    elif scope.practitioner_id is not None:
        conditions.append(own)
    return conditions


# Built once, as every guarded append checks it.
_CASE_AT_VERSION = select(CASES.c.id).where(
    CASES.c.id == bindparam("guard_case_id"), CASES.c.version == bindparam("guard_version")
)


def case_unchanged(as_read: CaseAsRead) -> Guard:
    """Holds while the case is as read: every edit, reassignment and closing bumps its
    version, and the guard's share lock waits for one in progress."""
    return Guard(
        _CASE_AT_VERSION, {"guard_case_id": as_read.case_id, "guard_version": as_read.version}
    )
