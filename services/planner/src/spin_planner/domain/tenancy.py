"""Who may see and do what with a case (DOMAIN.md section 6), decided without I/O.

A case the caller may not know about does not exist for them (404); a case they may see but
not act on in the asked way is a 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from spin_contracts.claims import Principal, Role
from spincore.i18n import N_

from spin_planner.domain.errors import Forbidden, NotFound


class Access(IntEnum):
    NONE = 0
    METADATA = 1  # institute staff: dates, setting, ages; no words of the family
    READ = 2
    WRITE = 3


@dataclass(frozen=True)
class CaseScope:
    institute_id: str
    agency_id: str
    site_id: str
    practitioner_id: str


@dataclass(frozen=True)
class CaseListScope:
    """What a case listing is narrowed to; None means "any"."""

    institute_id: str | None
    agency_id: str | None
    practitioner_id: str | None = None
    supervisor_id: str | None = None


def case_access(
    principal: Principal,
    case: CaseScope,
    *,
    supervises_practitioner: bool = False,
    supervision_consent: bool = False,
) -> Access:
    if principal.role is Role.SERVICE:
        return Access.WRITE
    if principal.institute_id != case.institute_id:
        return Access.NONE
    if principal.role is Role.INSTITUTE_STAFF:
        return Access.METADATA
    if principal.agency_id != case.agency_id:
        return Access.NONE
    return _agency_access(principal, case, supervises_practitioner, supervision_consent)


def _agency_access(
    principal: Principal, case: CaseScope, supervises: bool, consent: bool
) -> Access:
    if principal.role is Role.AGENCY_ADMIN:
        return Access.WRITE
    own = principal.subject == case.practitioner_id
    if principal.role in {Role.PRACTITIONER, Role.SUPERVISOR} and own:
        return Access.WRITE
    if principal.role is Role.SUPERVISOR and supervises and consent:
        return Access.READ
    return Access.NONE


# Whole sentences per kind of object (a translation cannot be assembled from fragments).
NO_SUCH = {"case": N_("no such case")}
MAY_NOT = {
    ("case", Access.WRITE): N_("your role may not change this case"),
    ("case", Access.READ): N_("your role may not read the details of this case"),
    ("case", Access.METADATA): N_("your role may not read the details of this case"),
}


def require(access: Access, needed: Access, *, what: str = "case") -> None:
    if access is Access.NONE:
        raise NotFound(NO_SUCH[what])
    if access < needed:
        raise Forbidden(MAY_NOT[what, needed])


def case_list_scope(principal: Principal) -> CaseListScope:
    role = principal.role
    if role is Role.SERVICE:
        return CaseListScope(None, None)
    if role is Role.INSTITUTE_STAFF:
        return CaseListScope(principal.institute_id, None)
    if role is Role.AGENCY_ADMIN:
        return CaseListScope(principal.institute_id, principal.agency_id)
    if role is Role.SUPERVISOR:
        return CaseListScope(
            principal.institute_id, principal.agency_id, principal.subject, principal.subject
        )
    return CaseListScope(principal.institute_id, principal.agency_id, principal.subject)


def may_act_in_agency(principal: Principal, institute_id: str, agency_id: str) -> bool:
    """Directory: an agency admin manages their agency; staff and service any in scope."""
    if principal.role is Role.SERVICE:
        return True
    if principal.institute_id != institute_id:
        return False
    return principal.role is Role.INSTITUTE_STAFF or principal.agency_id == agency_id
