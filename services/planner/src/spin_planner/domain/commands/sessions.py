"""Commands recording direct contacts with the family and the supervision of practitioners."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class NewContact:
    held_at: datetime
    duration_minutes: int
    note: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class NewFilming(NewContact):
    children_present: bool
    filming_session_ref: str | None = None  # defaults to the session id


@dataclass(frozen=True, slots=True, kw_only=True)
class NewSharedReview(NewContact):
    feedback_plan_id: UUID | None = None
    clips_shown: list[UUID] | None = None  # moment ids shown, when not the plan's
    homework: str | None = None
    parent_reflection: str | None = None
    children_present: bool | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class NewCoaching(NewContact):
    """Separate coaching of an adolescent in the family."""


@dataclass(frozen=True, slots=True, kw_only=True)
class NewSupervision:
    practitioner_id: str
    supervisor_id: str | None = None  # defaults to the calling supervisor
    held_at: datetime
    duration_minutes: int
    footage_ids: list[UUID]
    note: str | None = None
