"""Who is who: institutes, agencies, sites and practitioners (published by the planner), and
revoked site upload tokens (published by the portal)."""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar

from pydantic import ConfigDict, Field

from spin_contracts.events.envelope import Event, register
from spin_contracts.topics import Topic

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
    downloads_allowed: bool = Field(
        default=False, description="clips may be kept in a browser for a review offline"
    )

    def partition_key(self) -> str:
        return self.agency_id


@register
class AgencyDownloadsChanged(_DirectoryEvent):
    """An agency admin allowed or stopped downloads of the agency's footage and clips (a
    footage file from the player, clips kept in a browser for a review offline)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "agency_id": "harbor-family",
                    "institute_id": "spin-usa",
                    "downloads_allowed": True,
                    "changed_at": "2026-12-02T10:00:00Z",
                }
            ]
        }
    )
    event_type: ClassVar[str] = "agency.downloads_changed"
    agency_id: str = Field(pattern=ENTITY_ID)
    institute_id: str = Field(pattern=ENTITY_ID)
    downloads_allowed: bool
    changed_at: datetime

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


@register
class UploadTokenRevoked(_DirectoryEvent):
    """An agency admin revoked a site upload token: from `revoked_at` on it opens nothing."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "token_id": "0b5e4c1a-6f3d-4e2b-9a71-3c8d2f6e1a90",
                    "agency_id": "harbor-family",
                    "site_id": "boston-north",
                    "revoked_at": "2026-04-14T09:12:00Z",
                    "revoked_by": "acct-3f9a1c0d7e2b4a65",
                }
            ]
        }
    )
    event_type: ClassVar[str] = "upload_token.revoked"
    token_id: str = Field(min_length=1, max_length=64, description="the token's `jti` claim")
    agency_id: str = Field(pattern=ENTITY_ID)
    site_id: str = Field(pattern=ENTITY_ID)
    revoked_at: datetime
    revoked_by: str = Field(
        pattern=r"^acct-[0-9a-f]{16}$",
        description="opaque id of the portal account that revoked it (no name or e-mail)",
    )

    def partition_key(self) -> str:
        return self.agency_id
