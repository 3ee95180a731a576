"""In-memory parts of a case (consents, questions, holds, plans, moments) and the outbox,
behind the planner's ports (`service/ports.py`); `fakes.World` puts them together."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Generic, TypeVar
from uuid import UUID

from spin_contracts.events.consent import ConsentPurpose
from spin_planner.adapters.records import record
from spin_planner.domain.cycle_records import ClipRequest, FeedbackPlan
from spin_planner.domain.records import Consent, HelpingQuestion, LegalHold, Moment
from spin_planner.service.ports import (
    BlindCoder,
    CaseAsRead,
    Fields,
    FootageLength,
    Outgoing,
    PlanUse,
)

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

R = TypeVar("R", bound="DataclassInstance")
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


class FakeOutbox:
    def __init__(self) -> None:
        self.staged: list[Outgoing] = []

    async def stage(self, outgoing: Outgoing) -> None:
        self.staged.append(outgoing)

    def types(self) -> list[str]:
        return [o.envelope.event_type for o in self.staged]


class FakeParts(Generic[R]):
    """Records of one kind by id, each part of a case; new ones get `defaults`."""

    def __init__(self, kind: type[R], order: str, defaults: Callable[[], Fields]) -> None:
        self.kind, self.order, self.defaults = kind, order, defaults
        self.rows: dict[UUID, R] = {}
        self.locked: set[UUID] = set()  # parts read for a write

    def put(self, fields: Fields) -> R:
        added = record(self.kind, {**self.defaults(), **fields})
        self.rows[fields["id"]] = added
        return added

    async def get(self, case_id: UUID, part_id: UUID, *, lock: bool) -> R | None:
        if lock:
            self.locked.add(part_id)
        found = self.rows.get(part_id)
        return found if found is not None and _case_of(found) == case_id else None

    async def of_case(self, case_id: UUID) -> list[R]:
        mine = [r for r in self.rows.values() if _case_of(r) == case_id]
        return sorted(mine, key=lambda r: getattr(r, self.order))

    async def revise(self, part_id: UUID, changes: Fields) -> R:
        return self._set(part_id, **changes, version=_version(self.rows[part_id]) + 1)

    def _set(self, part_id: UUID, **changes: Any) -> R:
        self.rows[part_id] = replace(self.rows[part_id], **changes)
        return self.rows[part_id]


def _case_of(part: object) -> UUID:
    case_id: UUID = attrgetter("case_id")(part)
    return case_id


def _version(part: object) -> int:
    version: int = attrgetter("version")(part)
    return version


class FakeConsents(FakeParts[Consent]):
    def __init__(self, outbox: FakeOutbox) -> None:
        super().__init__(Consent, "granted_at", lambda: {"withdrawn_at": None})
        self.outbox = outbox

    async def grant(self, fields: Fields, outgoing: Outgoing) -> Consent:
        await self.outbox.stage(outgoing)
        return self.put(fields)

    async def withdraw(self, consent_id: UUID, at: datetime) -> Consent:
        return self._set(consent_id, withdrawn_at=at)

    async def holds(self, case_id: UUID, purpose: ConsentPurpose, at: datetime) -> bool:
        return self.held(case_id, purpose, at)

    def held(self, case_id: UUID, purpose: ConsentPurpose, at: datetime) -> bool:
        return any(
            c.case_id == case_id
            and c.purpose == purpose.value
            and c.granted_at <= at
            and (c.withdrawn_at is None or c.withdrawn_at > at)
            and (c.valid_until is None or c.valid_until > at)
            for c in self.rows.values()
        )

    def supervision_allowed(self, case_id: UUID, at: datetime) -> bool:
        """As `adapters/sql_access.supervision_allowed`."""
        training_withdrawn = any(
            c.case_id == case_id
            and c.purpose == ConsentPurpose.TRAINING.value
            and c.withdrawn_at is not None
            and c.withdrawn_at <= at
            for c in self.rows.values()
        )
        training_holds = self.held(case_id, ConsentPurpose.TRAINING, at)
        viewing = self.held(case_id, ConsentPurpose.SUPERVISION_VIEWING, at)
        return viewing and (not training_withdrawn or training_holds)


class FakeQuestions(FakeParts[HelpingQuestion]):
    def __init__(self, outbox: FakeOutbox, case_version: Callable[[UUID], int]) -> None:
        super().__init__(HelpingQuestion, "recorded_at", lambda: {"version": 1})
        self.outbox, self.case_version = outbox, case_version

    async def add(
        self, fields: Fields, outgoing: Outgoing, guard: CaseAsRead
    ) -> HelpingQuestion | None:
        if self.case_version(guard.case_id) != guard.version:
            return None
        await self.outbox.stage(outgoing)
        return self.put(fields)


class FakeHolds(FakeParts[LegalHold]):
    def __init__(self, outbox: FakeOutbox) -> None:
        super().__init__(LegalHold, "placed_at", lambda: {"lifted_at": None, "lifted_by": None})
        self.outbox = outbox

    async def place(self, fields: Fields, outgoing: Outgoing) -> LegalHold:
        await self.outbox.stage(outgoing)
        return self.put(fields)

    async def lift(self, hold_id: UUID, at: datetime, by: str) -> LegalHold:
        return self._set(hold_id, lifted_at=at, lifted_by=by)


class FakePlans(FakeParts[FeedbackPlan]):
    def __init__(self, outbox: FakeOutbox) -> None:
        defaults = {"shown_in_session_id": None, "created_at": NOW, "version": 1}
        super().__init__(FeedbackPlan, "created_at", lambda: defaults)
        self.outbox = outbox
        self.requests: dict[UUID, list[ClipRequest]] = {}

    async def prepare(self, fields: Fields, outgoing: Outgoing) -> FeedbackPlan:
        await self.outbox.stage(outgoing)
        return self.put(fields)

    async def of_case(self, case_id: UUID) -> list[FeedbackPlan]:
        plans = await super().of_case(case_id)
        return [replace(p, clip_requests=await self.clip_requests(p.id)) for p in plans]

    async def clip_requests(self, plan_id: UUID) -> list[ClipRequest]:
        return list(self.requests.get(plan_id, []))

    async def has_rendered_clips(self, plan_id: UUID) -> bool:
        return any(r.status == "rendered" for r in self.requests.get(plan_id, []))

    async def request_clips(self, fields: Fields) -> None:
        made = {"reel_key": None, "failure_reason": None, "clips_done": 0, **fields}
        self.requests.setdefault(fields["feedback_plan_id"], []).append(record(ClipRequest, made))


class FakeMoments(FakeParts[Moment]):
    def __init__(self, outbox: FakeOutbox, plans: FakePlans) -> None:
        super().__init__(Moment, "start_s", lambda: {"version": 1})
        self.outbox, self.plans = outbox, plans
        self.footage: dict[tuple[str, str, UUID], FootageLength] = {}  # agency, case code, id
        self.reviews: dict[tuple[UUID, UUID], datetime] = {}  # case, moment -> first review
        self.seen: set[tuple[str, UUID]] = set()  # (supervisor, footage) they may see

    async def mark(self, fields: Fields, outgoing: Outgoing) -> Moment:
        await self.outbox.stage(outgoing)
        return self.put(fields)

    async def remove(self, moment_id: UUID) -> None:
        del self.rows[moment_id]

    async def in_case(self, case_id: UUID, moment_ids: Sequence[UUID]) -> list[Moment]:
        return [m for m in self.rows.values() if m.case_id == case_id and m.id in moment_ids]

    async def footage_length(
        self, agency_id: str, case_code: str, footage_id: UUID
    ) -> FootageLength | None:
        return self.footage.get((agency_id, case_code, footage_id))

    async def first_review_showing(self, case_id: UUID, moment_id: UUID) -> datetime | None:
        return self.reviews.get((case_id, moment_id))

    async def plan_using(self, case_id: UUID, moment_id: UUID) -> PlanUse | None:
        plans = [p for p in await self.plans.of_case(case_id) if moment_id in p.moment_ids]
        plans.sort(key=lambda p: (p.shown_in_session_id is None, p.created_at))
        return PlanUse(plans[0].id, plans[0].shown_in_session_id is not None) if plans else None

    async def seen_by(self, coder: BlindCoder, moment_id: UUID) -> bool | None:
        moment = self.rows.get(moment_id)
        return None if moment is None else self._sees(coder, moment)

    async def hidden_from(
        self, coder: BlindCoder, case_id: UUID, moment_ids: Iterable[UUID]
    ) -> set[UUID]:
        shown = {m.id for m in self.rows.values() if m.case_id == case_id and self._sees(coder, m)}
        return set(moment_ids) - shown

    async def page(
        self,
        case_id: UUID,
        coder: BlindCoder | None,
        footage_id: UUID | None,
        kind: str | None,
        limit: int,
        offset: int,
    ) -> tuple[list[Moment], int]:
        found = [
            m
            for m in await self.of_case(case_id)
            if (coder is None or self._sees(coder, m))
            and footage_id in {None, m.footage_id}
            and kind in {None, m.kind}
        ]
        found.sort(key=lambda m: (str(m.footage_id), m.start_s))
        return found[offset : offset + limit], len(found)

    def _sees(self, coder: BlindCoder, moment: Moment) -> bool:
        return (coder.supervisor_id, moment.footage_id) in self.seen
