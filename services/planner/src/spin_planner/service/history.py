"""Importing work recorded earlier: the rows and outbox events the API would have written.

Many cases per statement, so a history of thousands of cases imports in seconds; each batch
commits its rows and events together. What concerns now is not checked (the history is in
the past); tenancy is: a case belongs to its practitioner's agency and site, a supervision
to the practitioner's agency and their own supervisor. A case already present (its id or
case code) is left as it is, with everything in it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from typing import Any
from uuid import UUID

from spin_contracts.events import Tenant
from spin_contracts.events.planner import HelpingQuestionStatus, SessionKind

from spin_planner.domain.commands.history import (
    PastCase,
    PastFootage,
    PastMoment,
    PastSession,
    PastSupervision,
)
from spin_planner.domain.cycle_events import shown_clips
from spin_planner.domain.errors import InvalidInput, NotFound
from spin_planner.domain.footage import FootageStatus
from spin_planner.domain.history_events import (
    Staged,
    canonical_principles,
    case_events,
    supervision_event,
)
from spin_planner.service.contact_ports import Coached
from spin_planner.service.history_ports import HistoryStore


@dataclass
class Imported:
    cases: int = 0
    cases_present: int = 0
    supervisions: int = 0
    supervisions_present: int = 0
    events: int = 0

    def add(self, other: Imported) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass(frozen=True)
class HistoryImport:
    """One import run: its events share a correlation id."""

    store: HistoryStore
    correlation_id: str

    async def batch(self, lines: Sequence[PastCase | PastSupervision]) -> Imported:
        """Write one batch of checked lines (see `domain.history.check_case`)."""
        cases = [line for line in lines if isinstance(line, PastCase)]
        supervisions = [line for line in lines if isinstance(line, PastSupervision)]
        people = await self._practitioners(
            {c.practitioner_id for c in cases}
            | {s.practitioner_id for s in supervisions}
            | {s.supervisor_id for s in supervisions}
        )
        imported = Imported()
        staged: list[Staged] = []
        fresh = await self._cases(cases, people)
        imported.cases, imported.cases_present = len(fresh), len(cases) - len(fresh)
        for case, tenant in fresh:
            staged.extend(case_events(case, tenant))
        for supervision, tenant in await self._supervisions(supervisions, people):
            staged.append(supervision_event(supervision, tenant))
            imported.supervisions += 1
        imported.supervisions_present = len(supervisions) - imported.supervisions
        imported.events = await self.store.stage(staged, self.correlation_id)
        return imported

    async def _practitioners(self, ids: set[str]) -> dict[str, Coached]:
        found = await self.store.practitioners(ids)
        missing = sorted(ids - set(found))
        if missing:
            raise NotFound(
                "these practitioners are not registered: %(ids)s", ids=", ".join(missing)
            )
        return found

    async def _cases(
        self, cases: list[PastCase], people: dict[str, Coached]
    ) -> list[tuple[PastCase, Tenant]]:
        rows = [_case_row(case, people[case.practitioner_id]) for case in cases]
        inserted = await self.store.add_new("cases", rows)
        fresh = [(c, _tenant(people[c.practitioner_id])) for c in cases if c.id in inserted]
        agency = {c.id: people[c.practitioner_id].practitioner.agency_id for c, _ in fresh}
        consents = _parts(fresh, "consents", purpose=lambda c: c.purpose.value)
        await self.store.add("consents", consents)
        await self.store.add(
            "helping_questions",
            _parts(fresh, "questions", status=lambda _: HelpingQuestionStatus.OPEN.value),
        )
        # Footage may already be known from its own events; then that row stands.
        footage = [_footage_row(c, f, agency[c.id]) for c, _ in fresh for f in c.footage]
        await self.store.add_new("footage", footage)
        await self.store.add("moments", [_moment_row(c, m) for c, _ in fresh for m in c.moments])
        sessions = [row for c, _ in fresh for row in _session_rows(c)]
        await self.store.add("sessions", sessions)
        return fresh

    async def _supervisions(
        self, supervisions: list[PastSupervision], people: dict[str, Coached]
    ) -> list[tuple[PastSupervision, Tenant]]:
        rows = []
        for supervision in supervisions:
            coached = people[supervision.practitioner_id].practitioner
            if coached.supervisor_id != supervision.supervisor_id:
                raise InvalidInput(
                    "%(supervisor)r is not the supervisor of %(practitioner)r",
                    field="supervisor_id",
                    supervisor=supervision.supervisor_id,
                    practitioner=supervision.practitioner_id,
                )
            row = asdict(supervision)
            rows.append(row | {"agency_id": coached.agency_id})
        inserted = await self.store.add_new("supervisions", rows)
        return [(s, _tenant(people[s.practitioner_id])) for s in supervisions if s.id in inserted]


def _tenant(coached: Coached) -> Tenant:
    practitioner = coached.practitioner
    return Tenant(
        institute_id=coached.institute_id,
        agency_id=practitioner.agency_id,
        site_id=practitioner.site_id,
    )


def _case_row(case: PastCase, coached: Coached) -> dict[str, Any]:
    practitioner, closure = coached.practitioner, case.closure
    return {
        "id": case.id,
        "case_code": case.case_code,
        "institute_id": coached.institute_id,
        "agency_id": practitioner.agency_id,
        "site_id": practitioner.site_id,
        "practitioner_id": practitioner.id,
        "delivery_setting": case.delivery_setting.value,
        "caregivers": [asdict(c) for c in case.caregivers],
        "children": [asdict(c) for c in case.children],
        "opened_on": case.opened_on,
        "self_rating_start": case.self_rating_start,
        "closed_on": closure.closed_on if closure else None,
        "close_reason": closure.reason if closure else None,
        "self_rating_end": closure.self_rating_end if closure else None,
    }


def _parts(cases: list[tuple[PastCase, Tenant]], name: str, **derived: Any) -> list[dict[str, Any]]:
    """Rows of one kind of part of the cases (consents, questions), with their case id."""
    rows = []
    for case, _ in cases:
        for part in getattr(case, name):
            row = {**asdict(part), "case_id": case.id}
            rows.append(row | {column: how(part) for column, how in derived.items()})
    return rows


def _footage_row(case: PastCase, footage: PastFootage, agency_id: str) -> dict[str, Any]:
    ready = footage.duration_s is not None
    return {
        "id": footage.id,
        "agency_id": agency_id,
        "case_code": case.case_code,
        "filming_session_ref": footage.filming_session_ref,
        "status": (FootageStatus.READY if ready else FootageStatus.FAILED).value,
        "percent": 100 if ready else 0,
        "stage": "done" if ready else footage.failure_stage,
        "duration_s": footage.duration_s,
        "filmed_at": footage.filmed_at,
        "uploaded_at": footage.uploaded_at,
        "failure_reason": None if ready else footage.failure_reason,
    }


def _moment_row(case: PastCase, moment: PastMoment) -> dict[str, Any]:
    row = asdict(moment)
    del row["marked_at"]
    return row | {
        "case_id": case.id,
        "kind": moment.kind.value,
        "principles": list(canonical_principles(tuple(moment.principles))),
    }


def _session_rows(case: PastCase) -> Iterator[dict[str, Any]]:
    moments = {m.id: m for m in case.moments}
    for session in case.sessions:
        yield _session_row(case, session, moments)


def _session_row(
    case: PastCase, session: PastSession, moments: dict[UUID, PastMoment]
) -> dict[str, Any]:
    shown = [
        c.model_dump(mode="json") for c in shown_clips(moments[m] for m in session.clips_shown)
    ]
    return {
        **{name: value for name, value in asdict(session).items() if name != "clips_shown"},
        "kind": session.kind.value,
        "case_id": case.id,
        "practitioner_id": case.practitioner_id,
        "clips_shown": shown,
        "homework": session.homework if session.kind is SessionKind.SHARED_REVIEW else None,
    }
