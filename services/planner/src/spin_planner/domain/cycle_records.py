"""The VIG cycle's records as the use cases hand them back: cases, contacts, footage, plans.

Plain dataclasses, no HTTP schema (the API's views are built from them). Kinds and statuses
are their names as stored; what a record derives (a case's status, whether homework was
agreed) is a property, so every view of it says the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any
from uuid import UUID

from spin_contracts.events.planner import SessionKind, ShownClip


@dataclass(frozen=True, slots=True)
class Case:
    id: UUID
    case_code: str
    institute_id: str
    agency_id: str
    site_id: str
    practitioner_id: str
    delivery_setting: str
    caregivers: list[dict[str, Any]]  # relation, age, name (as stored)
    children: list[dict[str, Any]]  # age, name
    opened_on: date
    self_rating_start: int | None
    closed_on: date | None
    close_reason: str | None
    self_rating_end: int | None
    version: int

    @property
    def status(self) -> str:
        return "open" if self.closed_on is None else "closed"

    def without_names(self) -> Case:
        """The case as institute staff see it: the family's names stay at the agency."""
        return replace(
            self,
            caregivers=[{**c, "name": None} for c in self.caregivers],
            children=[{**c, "name": None} for c in self.children],
        )


@dataclass(frozen=True, slots=True)
class Footage:
    id: UUID
    case_code: str
    filming_session_ref: str | None
    status: str
    percent: int
    stage: str | None
    duration_s: float | None
    filmed_at: datetime | None
    uploaded_at: datetime | None
    failure_reason: str | None
    media: dict[str, Any] | None  # renditions, poster, sprite, WebVTT keys and their bucket
    erased_at: datetime | None
    erased_reason: str | None
    raw_erased_at: datetime | None
    failure: dict[str, Any] | None = None  # the code and values of failure_reason


@dataclass(frozen=True, slots=True)
class Session:
    id: UUID
    case_id: UUID
    kind: str
    practitioner_id: str
    held_at: datetime
    duration_minutes: int
    children_present: bool | None
    filming_session_ref: str | None
    clips_shown: list[ShownClip]
    homework: str | None
    parent_reflection: str | None
    feedback_plan_id: UUID | None
    note: str | None
    footage: list[Footage] = field(default_factory=list)  # filming only
    hidden_clips: int = 0  # clips shown of moments the caller codes blind

    @property
    def homework_agreed(self) -> bool | None:
        """Whether homework was agreed: a question for shared reviews only."""
        return homework_agreed(self.kind, self.homework)

    def without(self, hidden: set[UUID]) -> Session:
        """The session without the clips shown of `hidden` moments, counted instead."""
        clips = [c for c in self.clips_shown if c.moment_id not in hidden]
        return replace(self, clips_shown=clips, hidden_clips=len(self.clips_shown) - len(clips))


@dataclass(frozen=True, slots=True)
class ClipRequest:
    id: UUID
    footage_id: UUID
    moment_ids: list[UUID]
    reel: bool
    reel_title: str | None
    status: str
    clip_keys: list[str]
    reel_key: str | None
    failure_reason: str | None
    clips_done: int
    failure: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class FeedbackPlan:
    id: UUID
    case_id: UUID
    moment_ids: list[UUID]
    principles_in_focus: list[str]
    questions: list[str]
    shown_in_session_id: UUID | None
    created_at: datetime
    version: int
    clip_requests: list[ClipRequest] = field(default_factory=list)
    hidden_moments: int = 0  # moments of the plan the caller codes blind

    @property
    def status(self) -> str:
        return "prepared" if self.shown_in_session_id is None else "shown"

    def without(self, hidden: set[UUID]) -> FeedbackPlan:
        """The plan without `hidden` moments, their questions and the clips cut of them (a
        clip request serves one footage, whose moments are all hidden or all shown)."""
        kept = [i for i, m in enumerate(self.moment_ids) if m not in hidden]
        kept_at = set(kept)
        return replace(
            self,
            moment_ids=[self.moment_ids[i] for i in kept],
            questions=[q for i, q in enumerate(self.questions) if i in kept_at],
            clip_requests=[r for r in self.clip_requests if not hidden.intersection(r.moment_ids)],
            hidden_moments=len(self.moment_ids) - len(kept),
        )


def homework_agreed(kind: str, homework: str | None) -> bool | None:
    """Whether homework was agreed: a question for shared reviews only."""
    return bool(homework) if kind == SessionKind.SHARED_REVIEW.value else None
