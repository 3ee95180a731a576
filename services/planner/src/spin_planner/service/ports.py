"""What the use cases need from storage, named by the domain: the stores a unit of work
hands them (`service/work.Work`). The SQL behind them is in `adapters/sql_*.py`; the unit
tests' in-memory fakes are in `tests/unit/planner/fakes.py`.

Stores take and return domain records. A new record or a change is given as `Fields`: the
record's field names and their values, so the stores stay as small as their tables. A
record is added together with the event announcing it (`Outgoing`): one guarded statement
can then write both, without a transaction around it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol
from uuid import UUID

from spin_contracts.events import Envelope, Event
from spin_contracts.events.consent import ConsentPurpose

from spin_planner.domain.cycle_records import Case, ClipRequest, FeedbackPlan
from spin_planner.domain.records import (
    Consent,
    HelpingQuestion,
    LegalHold,
    Moment,
    Practitioner,
)
from spin_planner.domain.tenancy import CaseListScope

Fields = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Outgoing:
    """An event ready for the outbox: published only if the unit of work commits."""

    envelope: Envelope
    event: Event


@dataclass(frozen=True, slots=True)
class CaseAsRead:
    """A write's condition: the case is still at the version it was read at (every edit,
    reassignment and closing moves it on)."""

    case_id: UUID
    version: int


@dataclass(frozen=True, slots=True)
class BlindCoder:
    """A supervisor who codes an apprentice's footage blind: they see the apprentice's
    moments on a footage once they chose to, or once both finished coding it."""

    supervisor_id: str
    apprentice_id: str


@dataclass(frozen=True, slots=True)
class CaseFilter:
    status: str | None = None
    practitioner_id: str | None = None
    site_id: str | None = None
    delivery_setting: str | None = None
    opened_from: date | None = None


class Outbox(Protocol):
    async def stage(self, outgoing: Outgoing) -> None: ...


class Directory(Protocol):
    async def practitioner(
        self, practitioner_id: str, agency_id: str | None
    ) -> Practitioner | None:
        """The practitioner, if registered (in `agency_id`, unless None)."""

    async def institute_of(self, agency_id: str) -> str | None: ...

    async def downloads_allowed(self, agency_id: str) -> bool:
        """Whether the agency lets its practitioners keep clips on a device."""


class CaseStore(Protocol):
    async def get(self, case_id: UUID, *, lock: bool) -> Case | None: ...

    async def open(self, fields: Fields) -> Case | None:
        """The case opened, or None when its code is already in use."""

    async def revise(self, case_id: UUID, changes: Fields) -> Case:
        """The case with `changes`, one version on."""

    async def apprentice_case(self, case_id: UUID, supervisor_id: str, at: datetime) -> bool:
        """The case's practitioner is an apprentice of `supervisor_id`, and the family lets
        the supervisor see it at `at` (see `domain/tenancy.py`)."""

    async def page(
        self, scope: CaseListScope, at: datetime, where: CaseFilter, limit: int, offset: int
    ) -> tuple[list[Case], int]:
        """Newest first: a page of the cases `scope` sees, and how many match in all."""


class ConsentStore(Protocol):
    async def grant(self, fields: Fields, outgoing: Outgoing) -> Consent: ...

    async def get(self, case_id: UUID, consent_id: UUID, *, lock: bool) -> Consent | None: ...

    async def withdraw(self, consent_id: UUID, at: datetime) -> Consent: ...

    async def holds(self, case_id: UUID, purpose: ConsentPurpose, at: datetime) -> bool:
        """The case has a consent for `purpose` valid at `at`."""

    async def of_case(self, case_id: UUID) -> list[Consent]:
        """In the order they were granted."""


class QuestionStore(Protocol):
    async def add(
        self, fields: Fields, outgoing: Outgoing, guard: CaseAsRead
    ) -> HelpingQuestion | None:
        """The question recorded, or None when the case changed since `guard` was read."""

    async def get(
        self, case_id: UUID, question_id: UUID, *, lock: bool
    ) -> HelpingQuestion | None: ...

    async def revise(self, question_id: UUID, changes: Fields) -> HelpingQuestion: ...

    async def of_case(self, case_id: UUID) -> list[HelpingQuestion]:
        """In the order they were recorded."""


class HoldStore(Protocol):
    async def place(self, fields: Fields, outgoing: Outgoing) -> LegalHold: ...

    async def get(self, case_id: UUID, hold_id: UUID, *, lock: bool) -> LegalHold | None: ...

    async def lift(self, hold_id: UUID, at: datetime, by: str) -> LegalHold: ...

    async def of_case(self, case_id: UUID) -> list[LegalHold]:
        """In the order they were placed."""


@dataclass(frozen=True, slots=True)
class FootageLength:
    status: str
    duration_s: float | None


@dataclass(frozen=True, slots=True)
class PlanUse:
    """A feedback plan a moment is in, and whether it was shown."""

    plan_id: UUID
    shown: bool


class MomentStore(Protocol):
    async def mark(self, fields: Fields, outgoing: Outgoing) -> Moment: ...

    async def get(self, case_id: UUID, moment_id: UUID, *, lock: bool) -> Moment | None: ...

    async def revise(self, moment_id: UUID, changes: Fields) -> Moment: ...

    async def remove(self, moment_id: UUID) -> None: ...

    async def in_case(self, case_id: UUID, moment_ids: Sequence[UUID]) -> list[Moment]:
        """Those of `moment_ids` marked in the case, in no particular order."""

    async def footage_length(
        self, agency_id: str, case_code: str, footage_id: UUID
    ) -> FootageLength | None:
        """The case's footage's status and length; None if it has no such footage."""

    async def first_review_showing(self, case_id: UUID, moment_id: UUID) -> datetime | None:
        """When the first shared review that showed the moment was held."""

    async def plan_using(self, case_id: UUID, moment_id: UUID) -> PlanUse | None:
        """A plan with the moment: a shown one first, else the first prepared."""

    async def seen_by(self, coder: BlindCoder, moment_id: UUID) -> bool | None:
        """Whether `coder` may see the moment; None if there is no such moment."""

    async def hidden_from(
        self, coder: BlindCoder, case_id: UUID, moment_ids: Iterable[UUID]
    ) -> set[UUID]:
        """Those of `moment_ids` `coder` may not see (a removed moment counts as hidden)."""

    async def page(
        self,
        case_id: UUID,
        coder: BlindCoder | None,
        footage_id: UUID | None,
        kind: str | None,
        limit: int,
        offset: int,
    ) -> tuple[list[Moment], int]:
        """By footage and start: a page of the case's moments `coder` sees (all, if None)."""


class PlanStore(Protocol):
    """Feedback plans and the clips requested of them."""

    async def prepare(self, fields: Fields, outgoing: Outgoing) -> FeedbackPlan: ...

    async def get(self, case_id: UUID, plan_id: UUID, *, lock: bool) -> FeedbackPlan | None:
        """The plan without its clip requests."""

    async def revise(self, plan_id: UUID, changes: Fields) -> FeedbackPlan:
        """The plan with `changes`, one version on, without its clip requests."""

    async def of_case(self, case_id: UUID) -> list[FeedbackPlan]:
        """In the order they were prepared, each with its clip requests."""

    async def clip_requests(self, plan_id: UUID) -> list[ClipRequest]:
        """In the order they were made."""

    async def request_clips(self, fields: Fields) -> None: ...

    async def has_rendered_clips(self, plan_id: UUID) -> bool: ...


class VocabularyStore(Protocol):
    """An institute's choice of vocabulary and its names for tags (display settings)."""

    async def institute_exists(self, institute_id: str) -> bool: ...

    async def chosen(self, institute_id: str) -> str | None:
        """The vocabulary the institute chose; None if it chose none."""

    async def names(self, institute_id: str) -> dict[tuple[str, str], str]:
        """The institute's names by (language, tag)."""

    async def choose(self, institute_id: str, vocabulary: str, at: datetime) -> None: ...

    async def name_tag(
        self, institute_id: str, language: str, tag: str, name: str, at: datetime
    ) -> None: ...

    async def unname_tag(self, institute_id: str, language: str, tag: str) -> None: ...
