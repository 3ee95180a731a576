"""Token claims: who a verified access token names, with its role and tenant scope.

The signing and verification of tokens (Ed25519 JWTs) live with the runtime (`spincore.auth`);
this is the shape every service and client agrees on.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Role(StrEnum):
    SITE_UPLOADER = "site_uploader"
    PRACTITIONER = "practitioner"
    SUPERVISOR = "supervisor"
    AGENCY_ADMIN = "agency_admin"
    INSTITUTE_STAFF = "institute_staff"
    SERVICE = "service"


# Roles scoped to one agency (and for uploaders one site) must carry those claims.
NEEDS_AGENCY = frozenset(
    {Role.SITE_UPLOADER, Role.PRACTITIONER, Role.SUPERVISOR, Role.AGENCY_ADMIN}
)


class Principal(BaseModel):
    """Who is calling, verified from the token's claims."""

    model_config = ConfigDict(frozen=True)

    subject: str = Field(min_length=1)
    role: Role
    institute_id: str
    agency_id: str | None = None
    site_id: str | None = None
    token_id: str

    @model_validator(mode="after")
    def scope_fits_role(self) -> Self:
        if self.role in NEEDS_AGENCY and not self.agency_id:
            raise ValueError(f"a {self.role} token must name its agency")
        if self.role is Role.SITE_UPLOADER and not self.site_id:
            raise ValueError("a site_uploader token must name its site")
        return self

    def may_act_for(self, agency_id: str, site_id: str | None = None) -> bool:
        """True when this principal's tenant scope covers the agency (and site)."""
        if self.role is Role.SERVICE:
            return True
        if self.agency_id is not None and self.agency_id != agency_id:
            return False
        return self.site_id is None or site_id is None or self.site_id == site_id
