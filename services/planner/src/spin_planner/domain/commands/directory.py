"""Commands registering institutes, agencies, sites and practitioners, and changing an agency.

An id left out (None) is one the planner gives; only the service role may name one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True, kw_only=True)
class NewInstitute:
    id: str
    name: str
    country: str  # ISO 3166-1 alpha-2


@dataclass(frozen=True, slots=True, kw_only=True)
class NewAgency:
    id: str | None = None
    institute_id: str
    name: str
    downloads_allowed: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class AgencyEdit:
    downloads_allowed: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class NewSite:
    id: str | None = None
    agency_id: str
    name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class NewPractitioner:
    id: str | None = None
    site_id: str
    display_name: str
    apprenticeship_started_on: date | None = None
    supervisor_id: str | None = None
