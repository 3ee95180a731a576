"""Who uses the portal: roles, the logged-in viewer and the rules of an account (no I/O)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class PortalRole(StrEnum):
    INSTITUTE_STAFF = "institute_staff"
    AGENCY_ADMIN = "agency_admin"
    PRACTITIONER = "practitioner"
    SUPERVISOR = "supervisor"


# Roles that work inside one agency; practitioners and supervisors also at one site.
AGENCY_ROLES = frozenset({PortalRole.AGENCY_ADMIN, PortalRole.PRACTITIONER, PortalRole.SUPERVISOR})
PERSON_ROLES = frozenset({PortalRole.PRACTITIONER, PortalRole.SUPERVISOR})


@dataclass(frozen=True)
class Viewer:
    """The logged-in person and their tenant scope (DOMAIN.md section 6)."""

    username: str
    role: PortalRole
    institute_id: str
    agency_id: str | None
    csrf_token: str
    site_id: str | None = None
    practitioner_id: str | None = None
    own_language: str | None = None
    institute_language: str | None = None
    institute_time_zone: str | None = None

    def sees_agency(self, institute_id: str | None, agency_id: str) -> bool:
        """Whether the audit pages (dashboards, cases, pipeline) show this agency: institute
        staff their institute's, agency admins their own. Practitioners and supervisors see
        none: they work cases in the workspace, where the planner decides case by case (their
        own, an apprentice's under consent, blind coding)."""
        if self.role in PERSON_ROLES:
            return False
        if self.role in AGENCY_ROLES:
            return agency_id == self.agency_id
        return institute_id == self.institute_id

    @property
    def works_cases(self) -> bool:
        """Practitioners and supervisors work their own cases in the workspace."""
        return self.role in PERSON_ROLES


MIN_PASSWORD = 10


class AccountError(ValueError):
    """A user that cannot be created as asked."""


def check_password_length(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"a password needs at least {MIN_PASSWORD} characters")


def check_scope(
    role: PortalRole, agency_id: str | None, site_id: str | None, practitioner_id: str | None
) -> None:
    if role in AGENCY_ROLES and not agency_id:
        raise AccountError(f"an account of role {role.value} needs an agency")
    if role in PERSON_ROLES and not (site_id and practitioner_id):
        raise AccountError(
            f"an account of role {role.value} needs the practitioner it logs in as and their site"
        )
