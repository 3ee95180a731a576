"""Facts of the VIG cycle published by the planner; fidelity indicators F1-F11 come from these.

Events carry pseudonymous case codes and ids only: no names, no free text from families.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import ClassVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from spincore.events.consent import CASE_CODE
from spincore.events.directory import ENTITY_ID
from spincore.events.envelope import Event, register
from spincore.topics import Topic


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


class _CaseEvent(Event):
    topic: ClassVar[str] = Topic.PLANNER
    case_id: UUID
    case_code: str = Field(pattern=CASE_CODE)

    def partition_key(self) -> str:
        return str(self.case_id)


@register
class CaseOpened(_CaseEvent):
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
    event_type: ClassVar[str] = "case.closed"
    closed_on: date
    reason: str = Field(min_length=1, max_length=64, description="a reason code, not free text")
    self_rating_end: int | None = Field(default=None, ge=1, le=10)


@register
class HelpingQuestionRecorded(_CaseEvent):
    """The parent put a helping question into words (the words stay in the planner)."""

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

    event_type: ClassVar[str] = "session.recorded"
    session_id: UUID
    kind: SessionKind
    practitioner_id: str = Field(pattern=ENTITY_ID)
    held_at: datetime
    duration_minutes: int = Field(ge=1, le=600)
    children_present: bool | None = Field(default=None, description="filming only")
    filming_session_ref: str | None = Field(
        default=None, description="filming only: the id uploads quote as filming_session_id"
    )
    clips_shown: list[ShownClip] = Field(default_factory=list, description="shared review only")
    homework_agreed: bool | None = Field(default=None, description="shared review only")
    feedback_plan_id: UUID | None = None


@register
class MomentMarked(_CaseEvent):
    """Micro-analysis: a moment on the footage, tagged with principles."""

    event_type: ClassVar[str] = "moment.marked"
    moment_id: UUID
    footage_id: UUID
    start_s: float = Field(ge=0)
    end_s: float = Field(gt=0)
    principles: list[str] = Field(default_factory=list)
    kind: MomentKind
    helping_question_id: UUID | None = None


@register
class FeedbackPlanPrepared(_CaseEvent):
    event_type: ClassVar[str] = "feedback_plan.prepared"
    feedback_plan_id: UUID
    moment_ids: list[UUID]
    principles_in_focus: list[str] = Field(default_factory=list)


@register
class SupervisionRecorded(Event):
    """Video feedback coaching of a practitioner by their supervisor (F9)."""

    event_type: ClassVar[str] = "supervision.recorded"
    topic: ClassVar[str] = Topic.PLANNER
    supervision_id: UUID
    practitioner_id: str = Field(pattern=ENTITY_ID)
    supervisor_id: str = Field(pattern=ENTITY_ID)
    held_at: datetime
    duration_minutes: int = Field(ge=1, le=600)

    def partition_key(self) -> str:
        return self.practitioner_id
