"""In-memory direct contacts and clips marked for training, behind the planner's ports."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING
from uuid import UUID

from spin_planner.adapters.records import record, session_record
from spin_planner.domain.cycle_records import Case, Footage, Session
from spin_planner.domain.records import Comment, Supervision, TrainingClip
from spin_planner.domain.tenancy import CaseListScope
from spin_planner.service.contact_ports import Coached, FilmingRefTaken, SupervisionScope
from spin_planner.service.ports import CaseAsRead, Fields, Outgoing

from tests.unit.planner.fake_parts import FakeOutbox

if TYPE_CHECKING:
    from tests.unit.planner.fakes import FakeDirectory


class FakeSessions:
    def __init__(self, outbox: FakeOutbox, case_version: Callable[[UUID], int]) -> None:
        self.outbox, self.case_version = outbox, case_version
        self.rows: dict[UUID, Session] = {}
        self.footage: dict[tuple[UUID, str], list[Footage]] = {}  # case, filming ref

    async def add(self, fields: Fields, outgoing: Outgoing, guard: CaseAsRead) -> Session | None:
        ref = fields.get("filming_session_ref")
        if ref is not None and any(
            s.case_id == guard.case_id and s.filming_session_ref == ref for s in self.rows.values()
        ):
            raise FilmingRefTaken
        if self.case_version(guard.case_id) != guard.version:
            return None
        await self.outbox.stage(outgoing)
        optional = ("children_present", "filming_session_ref", "homework", "parent_reflection")
        stored = {**dict.fromkeys(optional), "feedback_plan_id": None, **fields}
        session = session_record(stored)
        self.rows[session.id] = session
        return session

    async def get(self, case: Case, session_id: UUID) -> Session | None:
        found = self.rows.get(session_id)
        return self._linked(case, found) if found and found.case_id == case.id else None

    async def page(
        self, case: Case, kind: str | None, limit: int, offset: int
    ) -> tuple[list[Session], int]:
        found = [s for s in self.rows.values() if s.case_id == case.id and kind in {None, s.kind}]
        found.sort(key=lambda s: s.held_at)
        return [self._linked(case, s) for s in found[offset : offset + limit]], len(found)

    async def filmed_at(self, case_id: UUID) -> list[datetime]:
        return [
            s.held_at for s in self.rows.values() if s.case_id == case_id and s.kind == "filming"
        ]

    async def footage_named(self, case: Case, ref: str) -> list[Footage]:
        return list(self.footage.get((case.id, ref), []))

    def _linked(self, case: Case, session: Session) -> Session:
        ref = session.filming_session_ref
        return replace(session, footage=self.footage.get((case.id, ref), []) if ref else [])


class FakeTraining:
    def __init__(self, outbox: FakeOutbox) -> None:
        self.outbox = outbox
        self.rows: dict[UUID, TrainingClip] = {}  # by moment
        self.clip_keys: dict[tuple[UUID, UUID], str] = {}  # footage, moment -> rendered clip

    async def marked(self, moment_id: UUID) -> TrainingClip | None:
        return self.rows.get(moment_id)

    async def last_erased(self, footage_id: UUID) -> datetime | None:
        erased = [c.erased_at for c in self.rows.values() if c.footage_id == footage_id]
        return max((at for at in erased if at is not None), default=None)

    async def rendered_clip_key(self, footage_id: UUID, moment_id: UUID) -> str | None:
        return self.clip_keys.get((footage_id, moment_id))

    async def mark(self, fields: Fields, outgoing: Outgoing) -> TrainingClip:
        await self.outbox.stage(outgoing)
        marked = record(TrainingClip, {"erased_at": None, "erased_reason": None, **fields})
        self.rows[marked.moment_id] = marked
        return marked

    async def of_case(self, case_id: UUID) -> list[TrainingClip]:
        mine = [c for c in self.rows.values() if c.case_id == case_id]
        return sorted(mine, key=lambda c: c.marked_at)


class FakeSupervisions:
    def __init__(self, outbox: FakeOutbox, directory: FakeDirectory) -> None:
        self.outbox, self.directory = outbox, directory
        self.rows: dict[UUID, Supervision] = {}
        self.footage: dict[UUID, str] = {}  # footage -> practitioner of its case
        self.shown_to_supervisors: set[UUID] = set()  # footage under supervision consent

    async def coached(self, practitioner_id: str) -> Coached | None:
        found = self.directory.practitioners.get(practitioner_id)
        institute_id = found and self.directory.institutes.get(found.agency_id)
        return Coached(found, institute_id) if found and institute_id else None

    async def footage_known(
        self,
        practitioner_id: str,
        footage_ids: list[UUID],
        seen_as: CaseListScope | None,
        at: datetime,  # noqa: ARG002 - the fake's consents hold at any time
    ) -> set[UUID]:
        known = {f for f in footage_ids if self.footage.get(f) == practitioner_id}
        return known if seen_as is None else known & self.shown_to_supervisors

    async def record(self, fields: Fields, outgoing: Outgoing) -> Supervision:
        await self.outbox.stage(outgoing)
        stored = {**fields, "footage_ids": [str(f) for f in fields["footage_ids"]]}
        supervision = record(Supervision, stored)
        self.rows[supervision.id] = supervision
        return supervision

    async def page(
        self, scope: SupervisionScope, limit: int, offset: int
    ) -> tuple[list[Supervision], int]:
        found = [s for s in self.rows.values() if self._in(scope, s)]
        found.sort(key=lambda s: s.held_at, reverse=True)
        return found[offset : offset + limit], len(found)

    def _in(self, scope: SupervisionScope, supervision: Supervision) -> bool:
        institute = self.directory.institutes.get(supervision.agency_id)
        people = {supervision.practitioner_id, supervision.supervisor_id}
        return (
            scope.institute_id in {None, institute}
            and scope.agency_id in {None, supervision.agency_id}
            and scope.person_id in {None, *people}
            and scope.practitioner_id in {None, supervision.practitioner_id}
        )


class FakeVocabularies:
    def __init__(self, directory: FakeDirectory) -> None:
        self.directory = directory
        self.vocabulary: dict[str, tuple[str, datetime]] = {}  # institute -> choice, when
        self.tag_names: dict[str, dict[tuple[str, str], str]] = {}

    async def institute_exists(self, institute_id: str) -> bool:
        return institute_id in self.directory.institutes.values()

    async def chosen(self, institute_id: str) -> str | None:
        chosen = self.vocabulary.get(institute_id)
        return chosen and chosen[0]

    async def names(self, institute_id: str) -> dict[tuple[str, str], str]:
        return dict(sorted(self.tag_names.get(institute_id, {}).items()))

    async def choose(self, institute_id: str, vocabulary: str, at: datetime) -> None:
        self.vocabulary[institute_id] = (vocabulary, at)

    async def name_tag(
        self,
        institute_id: str,
        language: str,
        tag: str,
        name: str,
        at: datetime,  # noqa: ARG002 - the fake keeps no time of a name
    ) -> None:
        self.tag_names.setdefault(institute_id, {})[language, tag] = name

    async def unname_tag(self, institute_id: str, language: str, tag: str) -> None:
        self.tag_names.get(institute_id, {}).pop((language, tag), None)


class FakeCoaching:
    def __init__(self, outbox: FakeOutbox) -> None:
        self.outbox = outbox
        self.rows: dict[UUID, Comment] = {}

    async def comment(self, footage_id: UUID, comment_id: UUID) -> Comment | None:
        found = self.rows.get(comment_id)
        return found if found is not None and found.footage_id == footage_id else None

    async def post(self, fields: Fields, outgoing: Outgoing) -> Comment:
        await self.outbox.stage(outgoing)
        posted = record(Comment, fields)
        self.rows[posted.id] = posted
        return posted

    async def thread(
        self, footage_id: UUID, practitioner_id: str, supervisor_id: str
    ) -> list[Comment]:
        pair = (footage_id, practitioner_id, supervisor_id)
        found = [
            c
            for c in self.rows.values()
            if (c.footage_id, c.practitioner_id, c.supervisor_id) == pair
        ]
        return sorted(found, key=lambda c: (c.at_s, c.created_at))

    async def newest(
        self,
        person_id: str,
        as_supervisor: bool,
        seen_as: CaseListScope,  # noqa: ARG002 - the fake's cases are all visible
        at: datetime,  # noqa: ARG002
        limit: int,
    ) -> list[Comment]:
        mine = [
            c
            for c in self.rows.values()
            if c.practitioner_id == person_id or (as_supervisor and c.supervisor_id == person_id)
        ]
        return sorted(mine, key=lambda c: c.created_at, reverse=True)[:limit]
