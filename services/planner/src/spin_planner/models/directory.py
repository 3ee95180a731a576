"""Institutes, agencies, sites and practitioners."""

from __future__ import annotations

from datetime import date

from pydantic import Field
from spin_contracts.events.directory import ENTITY_ID

from spin_planner.models import Body, View

EntityId = Field(pattern=ENTITY_ID, description="lower-case letters, digits and hyphens")
NewId = Field(
    default=None,
    pattern=ENTITY_ID,
    description="left out, the planner gives a random id (only the service role may name one)",
)


class NewInstitute(Body):
    id: str = EntityId
    name: str = Field(min_length=1, max_length=120)
    country: str = Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2")


class NewAgency(Body):
    id: str | None = NewId
    institute_id: str = EntityId
    name: str = Field(min_length=1, max_length=120)
    downloads_allowed: bool = Field(
        default=False,
        description="practitioners may keep a plan's clips in the browser for a visit offline",
    )


class AgencyEdit(Body):
    downloads_allowed: bool = Field(
        description="footage may be downloaded from the player and a plan's clips kept in a "
        "browser for a visit offline; off, footage is only ever played (inline)"
    )


class NewSite(Body):
    id: str | None = NewId
    agency_id: str = EntityId
    name: str = Field(min_length=1, max_length=120)


class NewPractitioner(Body):
    id: str | None = NewId
    site_id: str = EntityId
    display_name: str = Field(min_length=1, max_length=120)
    apprenticeship_started_on: date | None = None
    supervisor_id: str | None = Field(default=None, pattern=ENTITY_ID)


class InstituteView(View):
    id: str
    name: str
    country: str


class AgencyView(View):
    id: str
    institute_id: str
    name: str
    downloads_allowed: bool = False
    version: int = 1


class SiteView(View):
    id: str
    agency_id: str
    name: str


class PractitionerView(View):
    id: str
    agency_id: str
    site_id: str
    display_name: str
    apprenticeship_started_on: date | None
    supervisor_id: str | None
