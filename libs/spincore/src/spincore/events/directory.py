"""Who is who: institutes, agencies, sites and practitioners (published by the planner)."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from pydantic import ConfigDict, Field

from spincore.events.envelope import Event, register
from spincore.topics import Topic

ENTITY_ID = r"^[a-z0-9][a-z0-9-]{1,63}$"


class _DirectoryEvent(Event):
    topic: ClassVar[str] = Topic.DIRECTORY


@register
class InstituteRegistered(_DirectoryEvent):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"institute_id": "spin-usa", "name": "SPIN USA", "country": "US"}]
        }
    )
    event_type: ClassVar[str] = "institute.registered"
    institute_id: str = Field(pattern=ENTITY_ID)
    name: str = Field(min_length=1, max_length=120)
    country: str = Field(min_length=2, max_length=2, description="ISO 3166-1 alpha-2")

    def partition_key(self) -> str:
        return self.institute_id


@register
class AgencyRegistered(_DirectoryEvent):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"agency_id": "harbor-family", "institute_id": "spin-usa", "name": "Harbor Family"}
            ]
        }
    )
    event_type: ClassVar[str] = "agency.registered"
    agency_id: str = Field(pattern=ENTITY_ID)
    institute_id: str = Field(pattern=ENTITY_ID)
    name: str = Field(min_length=1, max_length=120)

    def partition_key(self) -> str:
        return self.agency_id


@register
class SiteRegistered(_DirectoryEvent):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"site_id": "boston-north", "agency_id": "harbor-family", "name": "Boston North"}
            ]
        }
    )
    event_type: ClassVar[str] = "site.registered"
    site_id: str = Field(pattern=ENTITY_ID)
    agency_id: str = Field(pattern=ENTITY_ID)
    name: str = Field(min_length=1, max_length=120)

    def partition_key(self) -> str:
        return self.site_id


@register
class PractitionerRegistered(_DirectoryEvent):
    """A guide; an apprentice while within 18 months of `apprenticeship_started_on`."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "practitioner_id": "dana-reyes",
                    "agency_id": "harbor-family",
                    "site_id": "boston-north",
                    "display_name": "Dana Reyes",
                    "apprenticeship_started_on": "2026-01-05",
                    "supervisor_id": "lee-okafor",
                }
            ]
        }
    )
    event_type: ClassVar[str] = "practitioner.registered"
    practitioner_id: str = Field(pattern=ENTITY_ID)
    agency_id: str = Field(pattern=ENTITY_ID)
    site_id: str = Field(pattern=ENTITY_ID)
    display_name: str = Field(min_length=1, max_length=120)
    apprenticeship_started_on: date | None = None
    supervisor_id: str | None = Field(default=None, pattern=ENTITY_ID)

    def partition_key(self) -> str:
        return self.practitioner_id
