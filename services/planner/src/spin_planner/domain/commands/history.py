"""Work recorded earlier, as a history import brings it in: one case with everything recorded
in it, or one supervision session. Ids are the history's own; times lie in the past."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from spin_contracts.events.planner import DeliverySetting, SessionKind

from spin_planner.domain.commands.cases import (
    Caregiver,
    CaseClosure,
    Child,
    NewConsent,
    NewHelpingQuestion,
)
from spin_planner.domain.commands.moments import NewMoment
from spin_planner.domain.commands.sessions import NewContact


@dataclass(frozen=True, slots=True, kw_only=True)
class PastConsent(NewConsent):
    id: UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class PastQuestion(NewHelpingQuestion):
    id: UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class PastFootage:
    """Footage as the planner learnt it: ready with its length, or failed (no length)."""

    id: UUID
    filming_session_ref: str
    filmed_at: datetime
    uploaded_at: datetime
    duration_s: float | None = None
    failure_stage: str | None = None
    failure_reason: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PastMoment(NewMoment):
    id: UUID
    marked_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class PastSession(NewContact):
    """A direct contact; a shared review names the moments shown, in showing order."""

    id: UUID
    kind: SessionKind
    children_present: bool | None = None
    filming_session_ref: str | None = None
    clips_shown: list[UUID]
    homework: str | None = None
    parent_reflection: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PastCase:
    id: UUID
    case_code: str
    practitioner_id: str
    delivery_setting: DeliverySetting
    caregivers: list[Caregiver]
    children: list[Child]
    opened_on: date
    self_rating_start: int | None = None
    consents: list[PastConsent]
    questions: list[PastQuestion]
    footage: list[PastFootage]
    moments: list[PastMoment]
    sessions: list[PastSession]
    closure: CaseClosure | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PastSupervision:
    id: UUID
    practitioner_id: str
    supervisor_id: str
    held_at: datetime
    duration_minutes: int
    note: str | None = None
