"""What the planner keeps, as its use cases hand it back: plain records, no HTTP schema.

Values are as stored (ids of JSON lists as text, kinds and statuses as their names); the
API's views parse them into their wire types.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from spin_contracts.events.coaching import PrincipleFigure


@dataclass(frozen=True, slots=True)
class LegalHold:
    id: UUID
    case_id: UUID
    reason: str
    placed_by: str
    placed_at: datetime
    lifted_by: str | None
    lifted_at: datetime | None


@dataclass(frozen=True, slots=True)
class Consent:
    id: UUID
    case_id: UUID
    purpose: str
    granted_at: datetime
    valid_until: datetime | None
    withdrawn_at: datetime | None


@dataclass(frozen=True, slots=True)
class HelpingQuestion:
    id: UUID
    case_id: UUID
    words: str
    goals: list[str]
    status: str
    recorded_at: datetime
    version: int


@dataclass(frozen=True, slots=True)
class Moment:
    id: UUID
    case_id: UUID
    footage_id: UUID
    start_s: float
    end_s: float
    principles: list[str]
    kind: str
    helping_question_id: UUID | None
    note: str | None
    version: int


@dataclass(frozen=True, slots=True)
class TrainingClip:
    moment_id: UUID
    case_id: UUID
    footage_id: UUID
    clip_key: str
    marked_by: str
    marked_at: datetime
    erased_at: datetime | None
    erased_reason: str | None


@dataclass(frozen=True, slots=True)
class Supervision:
    id: UUID
    agency_id: str
    practitioner_id: str
    supervisor_id: str
    held_at: datetime
    duration_minutes: int
    footage_ids: list[str]
    note: str | None


@dataclass(frozen=True, slots=True)
class Comment:
    id: UUID
    case_id: UUID
    footage_id: UUID
    practitioner_id: str
    supervisor_id: str
    author_id: str
    reply_to: UUID | None
    at_s: float
    words: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class CodedMoment:
    """A moment of the supervisor's own coding of a footage."""

    id: UUID
    footage_id: UUID
    coder_id: str
    start_s: float
    end_s: float
    principles: list[str]


@dataclass(frozen=True, slots=True)
class CodingState:
    """Where the two codings of a footage stand, for the person asking (`my_role`)."""

    footage_id: UUID
    practitioner_id: str
    supervisor_id: str
    my_role: str
    supervisor_done_at: datetime | None
    apprentice_done_at: datetime | None
    supervisor_moments: list[CodedMoment]
    supervisor_moments_hidden: bool
    apprentice_moments_hidden: bool
    moments_seen_at: datetime | None


@dataclass(frozen=True, slots=True)
class Agreement:
    footage_id: UUID
    practitioner_id: str
    supervisor_id: str
    slice_s: float
    apprentice_moments: int
    supervisor_moments: int
    figures: list[PrincipleFigure]
    computed_at: datetime


@dataclass(frozen=True, slots=True)
class Agency:
    id: str
    institute_id: str
    name: str
    downloads_allowed: bool
    version: int


@dataclass(frozen=True, slots=True)
class Practitioner:
    id: str
    agency_id: str
    site_id: str
    display_name: str
    apprenticeship_started_on: date | None
    supervisor_id: str | None


@dataclass(frozen=True, slots=True)
class Institute:
    id: str
    name: str
    country: str


@dataclass(frozen=True, slots=True)
class Site:
    id: str
    agency_id: str
    name: str
