"""Direct contacts with the family (filming, shared review, adolescent coaching), supervision."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import AwareDatetime, Field
from spin_contracts.events.directory import ENTITY_ID
from spin_contracts.events.planner import SessionKind, ShownClip

from spin_planner.models import Body, View
from spin_planner.models.footage import FootageView

Duration = Field(ge=1, le=600, description="minutes of direct contact")
Note = Field(default=None, max_length=4000, description="the practitioner's own note")


class NewContact(Body):
    held_at: AwareDatetime
    duration_minutes: int = Duration
    note: str | None = Note


class NewFilming(NewContact):
    children_present: bool = Field(description="were the children in the filmed interaction")
    filming_session_ref: str | None = Field(
        default=None,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$",
        description="what uploads quote as filming_session_id; defaults to the session id",
    )


class NewSharedReview(NewContact):
    feedback_plan_id: UUID | None = Field(
        default=None, description="the plan shown; its moments are the clips shown by default"
    )
    clips_shown: list[UUID] | None = Field(
        default=None, max_length=50, description="moment ids shown, when not the plan's"
    )
    homework: str | None = Field(default=None, max_length=2000, description="what was agreed")
    parent_reflection: str | None = Field(default=None, max_length=4000)
    children_present: bool | None = Field(default=None, description="were children in the room")


class NewCoaching(NewContact):
    """Separate coaching of an adolescent in the family."""


class SessionView(View):
    id: UUID
    case_id: UUID
    kind: SessionKind
    practitioner_id: str
    held_at: datetime
    duration_minutes: int
    children_present: bool | None
    filming_session_ref: str | None
    clips_shown: list[ShownClip]
    hidden_clips: int = Field(
        default=0,
        description="clips shown left out of clips_shown: their moments are hidden from the "
        "caller while they code the footage blind",
    )
    homework: str | None
    homework_agreed: bool | None
    parent_reflection: str | None
    feedback_plan_id: UUID | None
    note: str | None
    footage: list[FootageView] = Field(default_factory=list, description="filming only")


class NewSupervision(Body):
    practitioner_id: str = Field(pattern=ENTITY_ID, description="the practitioner coached")
    supervisor_id: str | None = Field(
        default=None, pattern=ENTITY_ID, description="defaults to the calling supervisor"
    )
    held_at: AwareDatetime
    duration_minutes: int = Duration
    footage_ids: list[UUID] = Field(
        default_factory=list, max_length=20, description="footage of the practitioner reviewed"
    )
    note: str | None = Note


class SupervisionView(View):
    id: UUID
    agency_id: str
    practitioner_id: str
    supervisor_id: str
    held_at: datetime
    duration_minutes: int
    footage_ids: list[UUID]
    note: str | None
