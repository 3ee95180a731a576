"""Importing work recorded earlier: the rows and outbox events the API would have written.

Many cases per statement, so a history of thousands of cases imports in seconds; each batch
commits its rows and events together. What concerns now is not checked (the history is in
the past); tenancy is: a case belongs to its practitioner's agency and site, a supervision
to the practitioner's agency and their own supervisor. A case already present (its id or
case code) is left as it is, with everything in it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from typing import Any
from uuid import UUID

import orjson
from spin_contracts.events import Tenant
from spin_contracts.events.planner import HelpingQuestionStatus, SessionKind
from spin_contracts.topics import Topic, topic_name
from sqlalchemy import Row, Table, select
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from spin_planner.adapters.tables import (
    AGENCIES,
    CASES,
    CONSENTS,
    FOOTAGE,
    HELPING_QUESTIONS,
    MOMENTS,
    OUTBOX,
    PRACTITIONERS,
    SESSIONS,
    SUPERVISIONS,
)
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
    """One import run: its events share a correlation id and go to topics under `prefix`."""

    conn: AsyncConnection
    topic_prefix: str
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
        imported.events = await self._stage(staged)
        return imported

    async def _practitioners(self, ids: set[str]) -> dict[str, Row[Any]]:
        rows = await self.conn.execute(
            select(PRACTITIONERS, AGENCIES.c.institute_id)
            .join(AGENCIES, AGENCIES.c.id == PRACTITIONERS.c.agency_id)
            .where(PRACTITIONERS.c.id.in_(ids))
        )
        found = {row.id: row for row in rows}
        missing = sorted(ids - set(found))
        if missing:
            raise NotFound(
                "these practitioners are not registered: %(ids)s", ids=", ".join(missing)
            )
        return found

    async def _cases(
        self, cases: list[PastCase], people: dict[str, Row[Any]]
    ) -> list[tuple[PastCase, Tenant]]:
        rows = [_case_row(case, people[case.practitioner_id]) for case in cases]
        inserted = await self._insert_new(CASES, rows)
        fresh = [(c, _tenant(people[c.practitioner_id])) for c in cases if c.id in inserted]
        agency = {c.id: people[c.practitioner_id].agency_id for c, _ in fresh}
        await self._insert(CONSENTS, _parts(fresh, "consents", purpose=lambda c: c.purpose.value))
        await self._insert(
            HELPING_QUESTIONS,
            _parts(fresh, "questions", status=lambda _: HelpingQuestionStatus.OPEN.value),
        )
        # Footage may already be known from its own events; then that row stands.
        footage = [_footage_row(c, f, agency[c.id]) for c, _ in fresh for f in c.footage]
        await self._insert_new(FOOTAGE, footage)
        await self._insert(MOMENTS, [_moment_row(c, m) for c, _ in fresh for m in c.moments])
        sessions = [row for c, _ in fresh for row in _session_rows(c)]
        await self._insert(SESSIONS, sessions)
        return fresh

    async def _supervisions(
        self, supervisions: list[PastSupervision], people: dict[str, Row[Any]]
    ) -> list[tuple[PastSupervision, Tenant]]:
        rows = []
        for supervision in supervisions:
            coached = people[supervision.practitioner_id]
            if coached.supervisor_id != supervision.supervisor_id:
                raise InvalidInput(
                    "%(supervisor)r is not the supervisor of %(practitioner)r",
                    field="supervisor_id",
                    supervisor=supervision.supervisor_id,
                    practitioner=supervision.practitioner_id,
                )
            row = asdict(supervision)
            rows.append(row | {"agency_id": coached.agency_id})
        inserted = await self._insert_new(SUPERVISIONS, rows)
        return [(s, _tenant(people[s.practitioner_id])) for s in supervisions if s.id in inserted]

    async def _insert(self, table: Table, rows: list[dict[str, Any]]) -> None:
        """COPY the rows in: several times faster than INSERT for thousands of rows; for
        rows that cannot be present yet (parts of cases inserted in this transaction)."""
        if not rows:
            return
        columns = list(rows[0])
        as_json = {c for c in columns if isinstance(table.c[c].type, JSONB)}
        records = [
            tuple(_json(row[c]) if c in as_json else row[c] for c in columns) for row in rows
        ]
        driver = (await self.conn.get_raw_connection()).driver_connection
        assert driver is not None, "a connection in use has its driver connection"
        await driver.copy_records_to_table(table.name, records=records, columns=columns)

    async def _insert_new(self, table: Table, rows: list[dict[str, Any]]) -> set[UUID]:
        """Insert the rows not present yet (by any unique key); the ids of those inserted."""
        if not rows:
            return set()
        result = await self.conn.execute(
            insert(table).on_conflict_do_nothing().returning(table.c.id), rows
        )
        return set(result.scalars())

    async def _stage(self, staged: Iterable[Staged]) -> int:
        rows = [
            {
                "event_id": s.event_id,
                "event_type": s.event.event_type,
                "topic": topic_name(Topic(s.event.topic), self.topic_prefix),
                "key": s.event.partition_key().encode(),
                "payload": s.to_bytes(self.correlation_id),
            }
            for s in staged
        ]
        await self._insert(OUTBOX, rows)
        return len(rows)


def _json(value: Any) -> str:
    # The driver's JSONB codec (set up by SQLAlchemy) takes JSON text.
    return orjson.dumps(value).decode()


def _tenant(practitioner: Row[Any]) -> Tenant:
    return Tenant(
        institute_id=practitioner.institute_id,
        agency_id=practitioner.agency_id,
        site_id=practitioner.site_id,
    )


def _case_row(case: PastCase, practitioner: Row[Any]) -> dict[str, Any]:
    closure = case.closure
    return {
        "id": case.id,
        "case_code": case.case_code,
        "institute_id": practitioner.institute_id,
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
