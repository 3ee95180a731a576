"""Cases: the family, the setting, opening and closing."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import Field
from spin_contracts.events.consent import CASE_CODE
from spin_contracts.events.directory import ENTITY_ID
from spin_contracts.events.planner import DeliverySetting

from spin_planner.models import Body, View

SelfRating = Field(
    default=None, ge=1, le=10, description="the parent's own rating, 1 (worst) to 10"
)


class Caregiver(Body):
    relation: str = Field(
        min_length=1, max_length=40, description="mother, father, foster parent, grandparent..."
    )
    age: int | None = Field(default=None, ge=12, le=120)
    name: str | None = Field(
        default=None, max_length=120, description="optional; stays in the planner"
    )


class Child(Body):
    age: int = Field(ge=0, le=17, description="age in years when the case opened")
    name: str | None = Field(
        default=None, max_length=120, description="optional; stays in the planner"
    )


class NewCase(Body):
    case_code: str | None = Field(
        default=None,
        pattern=CASE_CODE,
        description="left out, the planner gives a random pseudonymous code such as "
        "C-7KQ2-9XF4-M3RT (only the service role may name one)",
    )
    practitioner_id: str | None = Field(
        default=None, pattern=ENTITY_ID, description="defaults to the calling practitioner"
    )
    delivery_setting: DeliverySetting
    caregivers: list[Caregiver] = Field(min_length=1, max_length=6)
    children: list[Child] = Field(min_length=1, max_length=12)
    opened_on: date
    self_rating_start: int | None = SelfRating


class CaseEdit(Body):
    """Only the fields given change."""

    practitioner_id: str | None = Field(default=None, pattern=ENTITY_ID)
    delivery_setting: DeliverySetting | None = None
    caregivers: list[Caregiver] | None = Field(default=None, min_length=1, max_length=6)
    children: list[Child] | None = Field(default=None, min_length=1, max_length=12)
    self_rating_start: int | None = SelfRating


class CaseClosure(Body):
    closed_on: date
    reason: str = Field(
        pattern=r"^[a-z][a-z0-9_]{1,63}$",
        description="a reason code such as goals_reached, family_withdrew, moved_away",
    )
    self_rating_end: int | None = SelfRating


class CaseView(View):
    id: UUID
    case_code: str
    institute_id: str
    agency_id: str
    site_id: str
    practitioner_id: str
    delivery_setting: DeliverySetting
    caregivers: list[Caregiver]
    children: list[Child]
    opened_on: date
    self_rating_start: int | None
    closed_on: date | None
    close_reason: str | None
    self_rating_end: int | None
    status: str = Field(description="open or closed")
    version: int
