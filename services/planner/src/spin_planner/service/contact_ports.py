"""What the use cases of direct contacts need from storage: sessions, supervision and clips
marked for training (the rest is in `service/ports.py`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from spin_planner.domain.cycle_records import Case, Footage, Session
from spin_planner.domain.records import Comment, Practitioner, Supervision, TrainingClip
from spin_planner.domain.tenancy import CaseListScope
from spin_planner.service.ports import CaseAsRead, Fields, Outgoing


class FilmingRefTaken(Exception):  # noqa: N818 - a refusal the use case words
    """Another filming session of the case already has this ref."""


class SessionStore(Protocol):
    """Direct contacts; a filming session is read with the footage that names its ref."""

    async def add(self, fields: Fields, outgoing: Outgoing, guard: CaseAsRead) -> Session | None:
        """The session recorded, or None when the case changed since `guard` was read;
        FilmingRefTaken when its filming ref is taken in the case."""

    async def get(self, case: Case, session_id: UUID) -> Session | None: ...

    async def page(
        self, case: Case, kind: str | None, limit: int, offset: int
    ) -> tuple[list[Session], int]:
        """In the order they were held: a page of the case's sessions, and their total."""

    async def filmed_at(self, case_id: UUID) -> list[datetime]:
        """When the case's filming sessions were held."""

    async def footage_named(self, case: Case, ref: str) -> list[Footage]:
        """The case's footage naming the filming ref, in the order it was uploaded."""


class TrainingStore(Protocol):
    """Clips marked for use in training."""

    async def marked(self, moment_id: UUID) -> TrainingClip | None: ...

    async def last_erased(self, footage_id: UUID) -> datetime | None:
        """When the lifecycle last erased the footage's training clips."""

    async def rendered_clip_key(self, footage_id: UUID, moment_id: UUID) -> str | None:
        """The object key of the moment's rendered clip, if one was rendered."""

    async def mark(self, fields: Fields, outgoing: Outgoing) -> TrainingClip: ...

    async def of_case(self, case_id: UUID) -> list[TrainingClip]:
        """In the order they were marked."""


@dataclass(frozen=True, slots=True)
class Coached:
    """A practitioner a supervision is of, and the institute of their agency."""

    practitioner: Practitioner
    institute_id: str


@dataclass(frozen=True, slots=True)
class SupervisionScope:
    """Which supervisions a listing shows: of an institute, of an agency, with a person (as
    the practitioner or their supervisor), of a practitioner; None leaves a bound out."""

    institute_id: str | None = None
    agency_id: str | None = None
    person_id: str | None = None
    practitioner_id: str | None = None


class SupervisionStore(Protocol):
    async def coached(self, practitioner_id: str) -> Coached | None: ...

    async def footage_known(
        self,
        practitioner_id: str,
        footage_ids: list[UUID],
        seen_as: CaseListScope | None,
        at: datetime,
    ) -> set[UUID]:
        """Those of `footage_ids` of the practitioner's cases (that `seen_as` sees, unless None)."""

    async def record(self, fields: Fields, outgoing: Outgoing) -> Supervision: ...

    async def page(
        self, scope: SupervisionScope, limit: int, offset: int
    ) -> tuple[list[Supervision], int]:
        """Newest first: a page of the supervisions in `scope`, and their total."""


class CoachingStore(Protocol):
    """Time-coded comments between an apprentice and their supervisor on a footage."""

    async def comment(self, footage_id: UUID, comment_id: UUID) -> Comment | None: ...

    async def post(self, fields: Fields, outgoing: Outgoing) -> Comment: ...

    async def thread(
        self, footage_id: UUID, practitioner_id: str, supervisor_id: str
    ) -> list[Comment]:
        """The pair's comments on the footage, by time on it, then as posted."""

    async def newest(
        self, person_id: str, as_supervisor: bool, seen_as: CaseListScope, at: datetime, limit: int
    ) -> list[Comment]:
        """The newest comments of the person's coaching (as the apprentice, and as the
        supervisor too when `as_supervisor`) on cases `seen_as` sees at `at`."""
