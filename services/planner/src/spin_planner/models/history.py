"""Lines of a history import (`spin-planner-admin import-history`): work recorded earlier.

One line (JSON) is one case with everything recorded in it, or one supervision session.
Ids are the caller's, so importing the same file twice adds nothing; times lie in the past.
The words of families are bodies like the API's and stay in the planner.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from uuid import UUID

from pydantic import AwareDatetime, Field, TypeAdapter
from spin_contracts.events.consent import CASE_CODE, ConsentPurpose
from spin_contracts.events.directory import ENTITY_ID
from spin_contracts.events.planner import DeliverySetting, MomentKind, SessionKind

from spin_planner.domain.commands.history import PastCase, PastSupervision
from spin_planner.models import Body
from spin_planner.models.cases import Caregiver, CaseClosure, Child, SelfRating
from spin_planner.models.moments import Principles
from spin_planner.models.sessions import Duration, Note

FILMING_REF = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"


class HistoryConsent(Body):
    id: UUID
    purpose: ConsentPurpose
    granted_at: AwareDatetime
    valid_until: AwareDatetime | None = None


class HistoryQuestion(Body):
    id: UUID
    words: str = Field(min_length=3, max_length=2000)
    goals: list[str] = Field(default_factory=list, max_length=10)
    recorded_at: AwareDatetime


class HistoryFootage(Body):
    """Footage as the planner learnt it from ingest and transcode: ready with its length, or
    failed with the reason."""

    id: UUID
    filming_session_ref: str = Field(pattern=FILMING_REF)
    filmed_at: AwareDatetime
    uploaded_at: AwareDatetime
    duration_s: float | None = Field(default=None, gt=0, description="None: it failed")
    failure_stage: str | None = Field(default=None, max_length=32)
    failure_reason: str | None = Field(default=None, max_length=500)


class HistoryMoment(Body):
    id: UUID
    footage_id: UUID
    start_s: float = Field(ge=0)
    end_s: float = Field(gt=0)
    principles: list[str] = Principles
    kind: MomentKind
    helping_question_id: UUID | None = None
    note: str | None = Field(default=None, max_length=4000)
    marked_at: AwareDatetime


class HistorySession(Body):
    """A direct contact; a shared review names the moments shown, in showing order."""

    id: UUID
    kind: SessionKind
    held_at: AwareDatetime
    duration_minutes: int = Duration
    note: str | None = Note
    children_present: bool | None = None
    filming_session_ref: str | None = Field(default=None, pattern=FILMING_REF)
    clips_shown: list[UUID] = Field(default_factory=list, max_length=50)
    homework: str | None = Field(default=None, max_length=2000)
    parent_reflection: str | None = Field(default=None, max_length=4000)


class HistoryCase(Body):
    record: Literal["case"] = "case"
    id: UUID
    case_code: str = Field(pattern=CASE_CODE)
    practitioner_id: str = Field(pattern=ENTITY_ID)
    delivery_setting: DeliverySetting
    caregivers: list[Caregiver] = Field(min_length=1, max_length=6)
    children: list[Child] = Field(min_length=1, max_length=12)
    opened_on: date
    self_rating_start: int | None = SelfRating
    consents: list[HistoryConsent] = Field(default_factory=list)
    questions: list[HistoryQuestion] = Field(default_factory=list)
    footage: list[HistoryFootage] = Field(default_factory=list)
    moments: list[HistoryMoment] = Field(default_factory=list)
    sessions: list[HistorySession] = Field(default_factory=list)
    closure: CaseClosure | None = None

    def past(self) -> PastCase:
        return self.command(PastCase)


class HistorySupervision(Body):
    record: Literal["supervision"] = "supervision"
    id: UUID
    practitioner_id: str = Field(pattern=ENTITY_ID)
    supervisor_id: str = Field(pattern=ENTITY_ID)
    held_at: AwareDatetime
    duration_minutes: int = Duration
    note: str | None = Note

    def past(self) -> PastSupervision:
        return self.command(PastSupervision)


HistoryLine = Annotated[HistoryCase | HistorySupervision, Field(discriminator="record")]
HISTORY_LINE: TypeAdapter[HistoryCase | HistorySupervision] = TypeAdapter(HistoryLine)
