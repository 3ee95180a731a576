"""One unit of work: who asks, the stores of one transaction (or of one autocommitted
statement each), and how its events are staged in the outbox. Built by
`adapters/sql_work.py` on a connection, by the unit tests on in-memory fakes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from spin_contracts.claims import Principal
from spin_contracts.events import Envelope, Event, Tenant
from spincore.logging import correlation_id

from spin_planner.service.coding_ports import CodingStore
from spin_planner.service.contact_ports import (
    CoachingStore,
    SessionStore,
    SupervisionStore,
    TrainingStore,
)
from spin_planner.service.footage_ports import FootageStore
from spin_planner.service.ports import (
    CaseStore,
    ConsentStore,
    Directory,
    HoldStore,
    MomentStore,
    Outbox,
    Outgoing,
    PlanStore,
    QuestionStore,
    VocabularyStore,
)
from spin_planner.service.registry_ports import RegistryStore

PRODUCER = "planner"


class Outdated(Exception):  # noqa: N818 - a signal to read again, never an answer
    """What a guarded write relied on changed after it was read: read it again."""


@dataclass(frozen=True, slots=True)
class Stores:
    outbox: Outbox
    directory: Directory
    cases: CaseStore
    consents: ConsentStore
    questions: QuestionStore
    holds: HoldStore
    moments: MomentStore
    plans: PlanStore
    sessions: SessionStore
    training: TrainingStore
    supervisions: SupervisionStore
    vocabularies: VocabularyStore
    coaching: CoachingStore
    coding: CodingStore
    registry: RegistryStore
    footage: FootageStore


@dataclass
class Work:
    principal: Principal
    stores: Stores
    in_transaction: bool = True
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    staged: int = 0

    @property
    def directory(self) -> Directory:
        return self.stores.directory

    @property
    def cases(self) -> CaseStore:
        return self.stores.cases

    @property
    def consents(self) -> ConsentStore:
        return self.stores.consents

    @property
    def questions(self) -> QuestionStore:
        return self.stores.questions

    @property
    def holds(self) -> HoldStore:
        return self.stores.holds

    @property
    def moments(self) -> MomentStore:
        return self.stores.moments

    @property
    def plans(self) -> PlanStore:
        return self.stores.plans

    @property
    def sessions(self) -> SessionStore:
        return self.stores.sessions

    @property
    def training(self) -> TrainingStore:
        return self.stores.training

    @property
    def supervisions(self) -> SupervisionStore:
        return self.stores.supervisions

    @property
    def vocabularies(self) -> VocabularyStore:
        return self.stores.vocabularies

    @property
    def coaching(self) -> CoachingStore:
        return self.stores.coaching

    @property
    def coding(self) -> CodingStore:
        return self.stores.coding

    @property
    def registry(self) -> RegistryStore:
        return self.stores.registry

    @property
    def footage(self) -> FootageStore:
        return self.stores.footage

    def outgoing(self, event: Event, tenant: Tenant) -> Outgoing:
        """`event` ready for the outbox, counted as staged (the relay is woken after)."""
        self.staged += 1
        return Outgoing(self._wrap(event, tenant), event)

    async def emit(self, event: Event, tenant: Tenant) -> None:
        """Stage `event`; it is published only if this unit of work commits."""
        await self.stores.outbox.stage(self.outgoing(event, tenant))

    def _wrap(self, event: Event, tenant: Tenant) -> Envelope:
        return Envelope.wrap(
            event,
            producer=PRODUCER,
            tenant=tenant,
            correlation_id=correlation_id.get(),
            occurred_at=self.now,
        )
