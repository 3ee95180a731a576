"""Facts of the VIG cycle published by the planner; fidelity indicators F1-F11 come from these.

Cases, helping questions, sessions and supervision; the micro-analysis (moments, feedback plans)
is in `spin_contracts.events.analysis`.

Events carry pseudonymous case codes and ids only: no names, no free text from families.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import ClassVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field
from pydantic.config import JsonValue

from spin_contracts.events.consent import CASE_CODE
from spin_contracts.events.directory import ENTITY_ID
from spin_contracts.events.envelope import Event, register
from spin_contracts.events.footage import FILMING_SESSION_ID
from spin_contracts.topics import Topic


class DeliverySetting(StrEnum):
    BIRTH_FAMILY_HOME = "birth_family_home"
    FOSTER_KINSHIP = "foster_kinship"
    ADOPTIVE_HOME = "adoptive_home"
    OUTPATIENT_CLINIC = "outpatient_clinic"
    COMMUNITY_AGENCY = "community_agency"
    RESIDENTIAL_CARE = "residential_care"


class SessionKind(StrEnum):
    FILMING = "filming"
    SHARED_REVIEW = "shared_review"
    ADOLESCENT_COACHING = "adolescent_coaching"


class MomentKind(StrEnum):
    STRENGTH = "strength"
    WORKING_POINT = "working_point"


class HelpingQuestionStatus(StrEnum):
    OPEN = "open"
    ACHIEVED = "achieved"
    DROPPED = "dropped"


EXAMPLE_CASE_ID = "5b0b3c39-3a7e-4d55-9c1e-0c7d1f0b6a11"
EXAMPLE_CASE_CODE = "US-BOS-0042"


def documented(**payload: JsonValue) -> ConfigDict:
    """Model config carrying one documented example payload (case events: the example case)."""
    example: dict[str, JsonValue] = {
        "case_id": EXAMPLE_CASE_ID,
        "case_code": EXAMPLE_CASE_CODE,
        **payload,
    }
    return ConfigDict(json_schema_extra={"examples": [example]})


class _CaseEvent(Event):
    topic: ClassVar[str] = Topic.PLANNER
    case_id: UUID
    case_code: str = Field(pattern=CASE_CODE)

    def partition_key(self) -> str:
        return str(self.case_id)


@register
class CaseOpened(_CaseEvent):
    """A family's case was opened by its practitioner (F2, F3: the case's active weeks)."""

    model_config = documented(
        practitioner_id="dana-reyes",
        site_id="boston-north",
        opened_on="2026-03-02",
        delivery_setting="foster_kinship",
        children_ages=[4, 13],
        caregiver_count=2,
        self_rating_start=4,
    )
    event_type: ClassVar[str] = "case.opened"
    practitioner_id: str = Field(pattern=ENTITY_ID)
    site_id: str = Field(pattern=ENTITY_ID)
    opened_on: date
    delivery_setting: DeliverySetting
    children_ages: list[int] = Field(default_factory=list)
    caregiver_count: int = Field(ge=1, default=1)
    self_rating_start: int | None = Field(default=None, ge=1, le=10)


@register
class CaseClosed(_CaseEvent):
    """The case ended, with a reason code and the parent's final self-rating (F3)."""

    model_config = documented(closed_on="2026-08-24", reason="goals_reached", self_rating_end=8)
    event_type: ClassVar[str] = "case.closed"
    closed_on: date
    reason: str = Field(min_length=1, max_length=64, description="a reason code, not free text")
    self_rating_end: int | None = Field(default=None, ge=1, le=10)


@register
class HelpingQuestionRecorded(_CaseEvent):
    """The parent put a helping question into words (the words stay in the planner)."""

    model_config = documented(
        helping_question_id="0c6f7d0e-57a4-4c8e-9a53-2f5f3a0b9d01",
        recorded_at="2026-03-02T10:15:00Z",
    )
    event_type: ClassVar[str] = "helping_question.recorded"
    helping_question_id: UUID
    recorded_at: datetime


class ShownClip(BaseModel):
    """A moment shown in a shared review, as F5 and F6 need it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    moment_id: UUID
    kind: MomentKind
    helping_question_id: UUID | None = None


@register
class SessionRecorded(_CaseEvent):
    """A direct contact with the family: filming, shared review or adolescent coaching."""

    model_config = documented(
        session_id="8d1e5a6b-0f4c-4b4e-8f0e-6c1c2b3a4d02",
        kind="shared_review",
        practitioner_id="dana-reyes",
        held_at="2026-03-12T16:00:00Z",
        duration_minutes=60,
        clips_shown=[
            {
                "moment_id": "b5f0c1d2-3e4f-4a5b-8c6d-7e8f9a0b1c03",
                "kind": "strength",
                "helping_question_id": "0c6f7d0e-57a4-4c8e-9a53-2f5f3a0b9d01",
            }
        ],
        homework_agreed=True,
        feedback_plan_id="e1d2c3b4-a5f6-4789-9abc-def012345604",
    )
    event_type: ClassVar[str] = "session.recorded"
    session_id: UUID
    kind: SessionKind
    practitioner_id: str = Field(pattern=ENTITY_ID)
    held_at: datetime
    duration_minutes: int = Field(ge=1, le=600)
    children_present: bool | None = Field(default=None, description="filming only")
    filming_session_ref: str | None = Field(
        default=None,
        pattern=FILMING_SESSION_ID,
        description="filming only: the id uploads quote as filming_session_id",
    )
    clips_shown: list[ShownClip] = Field(default_factory=list, description="shared review only")
    homework_agreed: bool | None = Field(default=None, description="shared review only")
    feedback_plan_id: UUID | None = None


@register
class SupervisionRecorded(Event):
    """Video feedback coaching of a practitioner by their supervisor (F9)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "supervision_id": "3c2b1a09-8f7e-4d6c-9b5a-493827160506",
                    "practitioner_id": "dana-reyes",
                    "supervisor_id": "lee-okafor",
                    "held_at": "2026-03-20T09:00:00Z",
                    "duration_minutes": 90,
                }
            ]
        }
    )
    event_type: ClassVar[str] = "supervision.recorded"
    topic: ClassVar[str] = Topic.PLANNER
    supervision_id: UUID
    practitioner_id: str = Field(pattern=ENTITY_ID)
    supervisor_id: str = Field(pattern=ENTITY_ID)
    held_at: datetime
    duration_minutes: int = Field(ge=1, le=600)

    def partition_key(self) -> str:
        return self.practitioner_id


@register
class CaseUpdated(_CaseEvent):
    """The case's facts as they stand after an edit (reassignment, setting, family, rating).

    Carries the full current values, so a consumer replaces what case.opened told it.
    """

    model_config = documented(
        practitioner_id="sam-ito",
        site_id="boston-north",
        delivery_setting="foster_kinship",
        children_ages=[4, 13],
        caregiver_count=2,
        self_rating_start=5,
        updated_at="2026-04-01T08:30:00Z",
    )
    event_type: ClassVar[str] = "case.updated"
    practitioner_id: str = Field(pattern=ENTITY_ID)
    site_id: str = Field(pattern=ENTITY_ID)
    delivery_setting: DeliverySetting
    children_ages: list[int] = Field(default_factory=list)
    caregiver_count: int = Field(ge=1, default=1)
    self_rating_start: int | None = Field(default=None, ge=1, le=10)
    updated_at: datetime


@register
class HelpingQuestionUpdated(_CaseEvent):
    """A helping question changed status (for example achieved); the words stay in the planner."""

    model_config = documented(
        helping_question_id="0c6f7d0e-57a4-4c8e-9a53-2f5f3a0b9d01",
        status="achieved",
        updated_at="2026-06-01T12:00:00Z",
    )
    event_type: ClassVar[str] = "helping_question.updated"
    helping_question_id: UUID
    status: HelpingQuestionStatus
    updated_at: datetime
