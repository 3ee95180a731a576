"""In-memory stores behind the planner's ports (`service/ports.py`): a `World` holds what
the database would, and `world.work(principal)` is a unit of work on it."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from uuid import UUID

from spin_contracts.claims import Principal, Role
from spin_planner.adapters.records import record
from spin_planner.domain.cycle_records import Case
from spin_planner.domain.records import Practitioner
from spin_planner.domain.tenancy import CaseListScope
from spin_planner.service.ports import CaseFilter, Fields
from spin_planner.service.work import Stores, Work

from tests.unit.planner.fake_coding import FakeCoding
from tests.unit.planner.fake_contacts import (
    FakeCoaching,
    FakeSessions,
    FakeSupervisions,
    FakeTraining,
    FakeVocabularies,
)
from tests.unit.planner.fake_footage import FakeFootage
from tests.unit.planner.fake_parts import (
    NOW,
    FakeConsents,
    FakeHolds,
    FakeMoments,
    FakeOutbox,
    FakePlans,
    FakeQuestions,
)
from tests.unit.planner.fake_registry import FakeRegistry


@dataclass
class FakeDirectory:
    practitioners: dict[str, Practitioner] = field(default_factory=dict)
    institutes: dict[str, str] = field(default_factory=dict)  # agency -> institute
    allowing_downloads: set[str] = field(default_factory=set)  # agencies

    async def practitioner(
        self, practitioner_id: str, agency_id: str | None
    ) -> Practitioner | None:
        found = self.practitioners.get(practitioner_id)
        if found is None or agency_id not in {None, found.agency_id}:
            return None
        return found

    async def institute_of(self, agency_id: str) -> str | None:
        return self.institutes.get(agency_id)

    async def downloads_allowed(self, agency_id: str) -> bool:
        return agency_id in self.allowing_downloads


class FakeCases:
    def __init__(self, directory: FakeDirectory, consents: FakeConsents) -> None:
        self.directory, self.consents = directory, consents
        self.rows: dict[UUID, Case] = {}
        self.locked: set[UUID] = set()  # cases read for a write

    async def get(self, case_id: UUID, *, lock: bool) -> Case | None:
        if lock:
            self.locked.add(case_id)
        return self.rows.get(case_id)

    async def open(self, fields: Fields) -> Case | None:
        if any(c.case_code == fields["case_code"] for c in self.rows.values()):
            return None
        closed = {"closed_on": None, "close_reason": None, "self_rating_end": None}
        case = record(Case, {**closed, "version": 1, **fields})
        self.rows[case.id] = case
        return case

    async def revise(self, case_id: UUID, changes: Fields) -> Case:
        case = self.rows[case_id]
        self.rows[case_id] = replace(case, **changes, version=case.version + 1)
        return self.rows[case_id]

    async def apprentice_case(self, case_id: UUID, supervisor_id: str, at: datetime) -> bool:
        apprentice = self.directory.practitioners.get(self.rows[case_id].practitioner_id)
        supervised = apprentice is not None and apprentice.supervisor_id == supervisor_id
        return supervised and self.consents.supervision_allowed(case_id, at)

    async def page(
        self, scope: CaseListScope, at: datetime, where: CaseFilter, limit: int, offset: int
    ) -> tuple[list[Case], int]:
        found = [c for c in self.rows.values() if self._sees(scope, at, c)]
        found = [c for c in found if _matches(where, c)]
        found.sort(key=lambda c: c.id)
        found.sort(key=lambda c: c.opened_on, reverse=True)
        return found[offset : offset + limit], len(found)

    def _sees(self, scope: CaseListScope, at: datetime, case: Case) -> bool:
        if scope.institute_id not in {None, case.institute_id}:
            return False
        if scope.agency_id not in {None, case.agency_id}:
            return False
        own = case.practitioner_id == scope.practitioner_id
        if scope.supervisor_id is not None:
            apprentice = self.directory.practitioners.get(case.practitioner_id)
            supervised = apprentice is not None and apprentice.supervisor_id == scope.supervisor_id
            return own or (supervised and self.consents.supervision_allowed(case.id, at))
        return scope.practitioner_id is None or own


def _matches(where: CaseFilter, case: Case) -> bool:
    wanted = {
        "status": where.status,
        "practitioner_id": where.practitioner_id,
        "site_id": where.site_id,
        "delivery_setting": where.delivery_setting,
    }
    if any(value and getattr(case, name) != value for name, value in wanted.items()):
        return False
    return where.opened_from is None or case.opened_on >= where.opened_from


class World:
    """What the database holds across units of work (no rollback: a refused use case
    raises before it writes)."""

    def __init__(self) -> None:
        self.outbox = FakeOutbox()
        self.directory = FakeDirectory()
        self.consents = FakeConsents(self.outbox)
        self.cases = FakeCases(self.directory, self.consents)
        self.questions = FakeQuestions(self.outbox, self.case_version)
        self.holds = FakeHolds(self.outbox)
        self.plans = FakePlans(self.outbox)
        self.moments = FakeMoments(self.outbox, self.plans)
        self.sessions = FakeSessions(self.outbox, self.case_version)
        self.training = FakeTraining(self.outbox)
        self.supervisions = FakeSupervisions(self.outbox, self.directory)
        self.vocabularies = FakeVocabularies(self.directory)
        self.coaching = FakeCoaching(self.outbox)
        self.coding = FakeCoding(self.outbox, self.moments)
        self.registry = FakeRegistry(self.directory)
        self.footage = FakeFootage()

    def case_version(self, case_id: UUID) -> int:
        return self.cases.rows[case_id].version

    def work(self, principal: Principal, *, in_transaction: bool = True) -> Work:
        stores = Stores(
            outbox=self.outbox,
            directory=self.directory,
            cases=self.cases,
            consents=self.consents,
            questions=self.questions,
            holds=self.holds,
            moments=self.moments,
            plans=self.plans,
            sessions=self.sessions,
            training=self.training,
            supervisions=self.supervisions,
            vocabularies=self.vocabularies,
            coaching=self.coaching,
            coding=self.coding,
            registry=self.registry,
            footage=self.footage,
        )
        return Work(principal, stores, in_transaction=in_transaction, now=NOW)


INSTITUTE, AGENCY, SITE = "spin-usa", "harbor", "north"


def who(role: Role, subject: str = "x", agency: str | None = AGENCY) -> Principal:
    return Principal(
        subject=subject, role=role, institute_id=INSTITUTE, agency_id=agency, token_id="t"
    )


def harbor() -> World:
    """One agency: dana, an apprentice supervised by lee, and sam, another practitioner."""
    world = World()
    world.directory.institutes[AGENCY] = INSTITUTE
    for subject, supervisor in (("dana", "lee"), ("lee", None), ("sam", None)):
        world.directory.practitioners[subject] = Practitioner(
            subject, AGENCY, SITE, subject.title(), None, supervisor
        )
    return world
