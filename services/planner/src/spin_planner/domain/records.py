"""What the planner keeps, as its use cases hand it back: plain records, no HTTP schema.

Values are as stored (ids of JSON lists as text, kinds and statuses as their names); the
API's views parse them into their wire types.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID


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
