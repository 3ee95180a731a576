"""Events into facts: each event becomes rows of the read model, written a batch at a time.

Rows carry only what their event knows (other columns None) and are merged with
COALESCE, so events of one entity can arrive in any order. Removals are the exception: they
delete, and rely on their entity's events sharing a topic and key (a moment's are all on
spin.planner.v1 under its case id), so none of them can overtake its removal. Dedupe by
event id happens in the same transaction as the writes. Cases whose facts changed are marked
dirty; the `IndicatorRefresher` recomputes them.
"""

from __future__ import annotations

import json
import typing
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Protocol
from uuid import UUID

from spincore.events import coaching, consent, directory, footage, planner
from spincore.events.envelope import Envelope, Event
from sqlalchemy import (
    TEXT,
    Column,
    Dialect,
    Table,
    UpdateBase,
    bindparam,
    cast,
    delete,
    func,
    select,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from spin_portal.adapters.coaching_tables import AGREEMENTS
from spin_portal.adapters.tables import (
    AGENCIES,
    CASES,
    CONSENTS,
    DIRTY_CASES,
    FOOTAGE,
    HELPING_QUESTIONS,
    INSTITUTES,
    MOMENTS,
    PRACTITIONERS,
    PROCESSED_EVENTS,
    SESSIONS,
    SITES,
    SUPERVISIONS,
)

CONSUMER = "portal-read-model"

Row = dict[str, Any]


@dataclass
class Changes:
    """What a batch of events changes: rows per table (merged by key) and whom to recompute."""

    rows: dict[Table, dict[tuple[Any, ...], Row]] = field(default_factory=dict)
    removed: dict[Table, set[Any]] = field(default_factory=dict)
    dirty_cases: set[str] = field(default_factory=set)
    dirty_practitioners: set[str] = field(default_factory=set)

    def put(self, table: Table, **values: Any) -> None:
        key = tuple(values[name] for name in _key_names(table))
        merged = self.rows.setdefault(table, {}).setdefault(key, {})
        merged.update({k: v for k, v in values.items() if v is not None or k not in merged})

    def remove(self, table: Table, key: Any) -> None:
        """Delete the row of `table` (one key column) whose key is `key`, rows put earlier in
        this batch included; deletes run after the batch's upserts."""
        self.rows.get(table, {}).pop((key,), None)
        self.removed.setdefault(table, set()).add(key)


@cache
def _key_names(table: Table) -> tuple[str, ...]:
    return tuple(c.name for c in table.primary_key.columns)


def project(envelope: Envelope, event: Event, changes: Changes) -> None:  # noqa: PLR0912
    """Add the rows `event` implies to `changes`."""
    tenant = envelope.tenant
    match event:
        case directory.InstituteRegistered():
            changes.put(
                INSTITUTES, institute_id=event.institute_id, name=event.name, country=event.country
            )
        case directory.AgencyRegistered():
            changes.put(
                AGENCIES,
                agency_id=event.agency_id,
                institute_id=event.institute_id,
                name=event.name,
            )
        case directory.SiteRegistered():
            changes.put(SITES, site_id=event.site_id, agency_id=event.agency_id, name=event.name)
        case directory.PractitionerRegistered():
            changes.put(
                PRACTITIONERS,
                practitioner_id=event.practitioner_id,
                agency_id=event.agency_id,
                site_id=event.site_id,
                display_name=event.display_name,
                apprenticeship_started_on=event.apprenticeship_started_on,
                supervisor_id=event.supervisor_id,
            )
            changes.dirty_practitioners.add(event.practitioner_id)
        case planner.CaseOpened():
            changes.put(
                CASES,
                case_code=event.case_code,
                case_id=event.case_id,
                institute_id=tenant.institute_id,
                agency_id=tenant.agency_id,
                site_id=event.site_id,
                practitioner_id=event.practitioner_id,
                delivery_setting=event.delivery_setting.value,
                opened_on=event.opened_on,
            )
        case planner.CaseClosed():
            changes.put(
                CASES,
                case_code=event.case_code,
                case_id=event.case_id,
                closed_on=event.closed_on,
                close_reason=event.reason,
            )
        case planner.HelpingQuestionRecorded():
            changes.put(
                HELPING_QUESTIONS,
                helping_question_id=event.helping_question_id,
                case_code=event.case_code,
                recorded_at=event.recorded_at,
            )
        case planner.SessionRecorded():
            changes.put(
                SESSIONS,
                session_id=event.session_id,
                case_code=event.case_code,
                kind=event.kind.value,
                practitioner_id=event.practitioner_id,
                held_at=event.held_at,
                duration_minutes=event.duration_minutes,
                children_present=event.children_present,
                homework_agreed=event.homework_agreed,
                filming_session_ref=event.filming_session_ref,
                clips_shown=[
                    [c.kind is planner.MomentKind.STRENGTH, c.helping_question_id is not None]
                    for c in event.clips_shown
                ],
            )
        case planner.MomentMarked() | planner.MomentRevised():
            changes.put(
                MOMENTS,
                moment_id=event.moment_id,
                case_code=event.case_code,
                footage_id=event.footage_id,
                start_s=event.start_s,
                end_s=event.end_s,
                kind=event.kind.value,
                principles=list(event.principles),
            )
        case planner.MomentRemoved():
            changes.remove(MOMENTS, event.moment_id)
        case planner.SupervisionRecorded():
            changes.put(
                SUPERVISIONS,
                supervision_id=event.supervision_id,
                practitioner_id=event.practitioner_id,
                supervisor_id=event.supervisor_id,
                held_at=event.held_at,
            )
            changes.dirty_practitioners.add(event.practitioner_id)
            return
        case consent.ConsentGranted():
            changes.put(
                CONSENTS,
                consent_id=event.consent_id,
                case_code=event.case_code,
                purpose=event.purpose.value,
                granted_at=event.granted_at,
                valid_until=event.valid_until,
            )
        case consent.ConsentWithdrawn():
            changes.put(
                CONSENTS,
                consent_id=event.consent_id,
                case_code=event.case_code,
                purpose=event.purpose.value,
                withdrawn_at=event.withdrawn_at,
            )
        case footage.FootageUploaded():
            changes.put(
                FOOTAGE,
                footage_id=event.footage_id,
                case_code=event.case_code,
                institute_id=tenant.institute_id,
                agency_id=tenant.agency_id,
                site_id=tenant.site_id,
                filming_session_id=event.filming_session_id,
                filmed_at=event.filmed_at,
                uploaded_at=event.uploaded_at,
                size_bytes=event.size_bytes,
            )
        case footage.FootageTranscoded():
            changes.put(
                FOOTAGE,
                footage_id=event.footage_id,
                case_code=event.case_code,
                bucket=event.bucket,
                rendition_key=event.renditions[0].key if event.renditions else None,
                transcoded_at=envelope.occurred_at,
            )
        case footage.FootageFailed():
            changes.put(
                FOOTAGE,
                footage_id=event.footage_id,
                case_code=event.case_code,
                failed_stage=event.stage,
                failed_reason=event.reason,
                failed_at=envelope.occurred_at,
            )
        case coaching.AgreementComputed():
            changes.put(
                AGREEMENTS,
                footage_id=event.footage_id,
                supervisor_id=event.supervisor_id,
                case_code=event.case_code,
                practitioner_id=event.practitioner_id,
                institute_id=tenant.institute_id,
                agency_id=tenant.agency_id,
                slice_s=event.slice_s,
                apprentice_moments=event.apprentice_moments,
                supervisor_moments=event.supervisor_moments,
                figures=[f.model_dump(mode="json") for f in event.figures],
                computed_at=event.computed_at,
            )
            return
        case _:
            return
    if case_code := getattr(event, "case_code", None):
        changes.dirty_cases.add(case_code)


ACCEPTED = {
    kind.event_type
    for kind in (
        directory.InstituteRegistered,
        directory.AgencyRegistered,
        directory.SiteRegistered,
        directory.PractitionerRegistered,
        planner.CaseOpened,
        planner.CaseClosed,
        planner.HelpingQuestionRecorded,
        planner.SessionRecorded,
        planner.MomentMarked,
        planner.MomentRevised,
        planner.MomentRemoved,
        planner.SupervisionRecorded,
        consent.ConsentGranted,
        consent.ConsentWithdrawn,
        footage.FootageUploaded,
        footage.FootageTranscoded,
        footage.FootageFailed,
        coaching.AgreementComputed,
    )
}


class Driver(Protocol):
    """The part of asyncpg's connection the batch writes use."""

    async def execute(self, query: str, *args: Any) -> str: ...

    async def fetch(self, query: str, *args: Any) -> list[Any]: ...


@dataclass(frozen=True)
class Writer:
    """asyncpg under SQLAlchemy, in the caller's transaction: one statement per table and batch
    with one array per column (SQLAlchemy's executemany would send the rows one by one)."""

    driver: Driver
    dialect: Dialect

    @classmethod
    async def of(cls, conn: AsyncConnection) -> Writer:
        raw = await conn.get_raw_connection()
        return cls(typing.cast("Driver", raw.driver_connection), conn.dialect)

    async def first_deliveries(self, event_ids: Iterable[UUID]) -> set[UUID]:
        """The ids of `event_ids` this consumer has not handled before, now recorded."""
        statement = _plumbing(self.dialect).first_deliveries
        rows = await self.driver.fetch(statement.sql, CONSUMER, list(set(event_ids)))
        return {row[0] for row in rows}

    async def upsert(self, table: Table, rows: Iterable[Row]) -> None:
        """All `rows` in one statement, merged into stored ones with COALESCE."""
        statement = _upsert_statement(table, self.dialect)
        rows = list(rows)
        arrays = [
            [_json(row.get(name)) for row in rows]
            if name in statement.json
            else [row.get(name) for row in rows]
            for name in statement.columns
        ]
        await self.driver.execute(statement.sql, *arrays)

    async def delete(self, table: Table, keys: Iterable[Any]) -> None:
        """The rows of `table` whose (single-column) key is one of `keys`, in one statement."""
        await self.driver.execute(_delete_statement(table, self.dialect).sql, sorted(keys))

    async def mark_dirty(self, case_codes: Iterable[str], practitioner_ids: Iterable[str]) -> None:
        statements = _plumbing(self.dialect)
        # Several agents mark cases at once: one lock order. (Each fact table has one writer.)
        if codes := sorted(set(case_codes)):
            await self.driver.execute(statements.dirty_cases.sql, codes)
        if practitioners := sorted(set(practitioner_ids)):
            await self.driver.execute(statements.dirty_practitioners.sql, practitioners)


async def apply_batch(conn: AsyncConnection, batch: Sequence[tuple[Envelope, Event]]) -> int:
    """Project the events of `batch` not seen before; return how many were new."""
    writer = await Writer.of(conn)
    fresh = await writer.first_deliveries(envelope.event_id for envelope, _ in batch)
    changes = Changes()
    applied = 0
    for envelope, event in batch:
        if envelope.event_id in fresh:
            fresh.discard(envelope.event_id)  # a duplicate inside the batch counts once
            project(envelope, event, changes)
            applied += 1
    for table, rows in changes.rows.items():
        if rows:
            await writer.upsert(table, rows.values())
    for table, keys in changes.removed.items():
        await writer.delete(table, keys)
    await writer.mark_dirty(changes.dirty_cases, changes.dirty_practitioners)
    return applied


async def mark_dirty(
    conn: AsyncConnection, case_codes: Iterable[str], practitioner_ids: Iterable[str] = ()
) -> None:
    await (await Writer.of(conn)).mark_dirty(case_codes, practitioner_ids)


@dataclass(frozen=True)
class _Statement:
    """SQL compiled once per dialect; `columns` name its parameters in order."""

    sql: str
    columns: tuple[str, ...]
    json: frozenset[str] = frozenset()

    @classmethod
    def compiled(
        cls, statement: UpdateBase, dialect: Dialect, json: frozenset[str] = frozenset()
    ) -> _Statement:
        compiled = statement.compile(dialect=dialect)
        return cls(compiled.string, tuple(compiled.positiontup or ()), json)


def _arrays(*columns: Column[Any], text: frozenset[str] = frozenset()) -> list[Any]:
    return [bindparam(c.name, type_=ARRAY(TEXT() if c.name in text else c.type)) for c in columns]


@cache
def _upsert_statement(table: Table, dialect: Dialect) -> _Statement:
    keys = [c.name for c in table.primary_key.columns]
    names = [c.name for c in table.columns]
    json = frozenset(c.name for c in table.columns if isinstance(c.type, JSONB))
    unnested = func.unnest(*_arrays(*table.columns, text=json)).table_valued(*names)
    rows = unnested.render_derived("u")
    statement = pg_insert(table).from_select(
        names, select(*(cast(rows.c[n], JSONB) if n in json else rows.c[n] for n in names))
    )
    statement = statement.on_conflict_do_update(
        index_elements=keys,
        set_={n: func.coalesce(statement.excluded[n], table.c[n]) for n in names if n not in keys},
    )
    return _Statement.compiled(statement, dialect, json)


@cache
def _delete_statement(table: Table, dialect: Dialect) -> _Statement:
    (key,) = table.primary_key.columns
    statement = delete(table).where(key == func.any(*_arrays(key)))
    return _Statement.compiled(statement, dialect)


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value)


@dataclass(frozen=True)
class _Plumbing:
    first_deliveries: _Statement
    dirty_cases: _Statement
    dirty_practitioners: _Statement


@cache
def _plumbing(dialect: Dialect) -> _Plumbing:
    first_deliveries = (
        pg_insert(PROCESSED_EVENTS)
        .from_select(
            ["consumer", "event_id"],
            select(
                bindparam("consumer", type_=PROCESSED_EVENTS.c.consumer.type),
                func.unnest(*_arrays(PROCESSED_EVENTS.c.event_id)),
            ),
        )
        .on_conflict_do_nothing()
        .returning(PROCESSED_EVENTS.c.event_id)
    )
    dirty_cases = (
        pg_insert(DIRTY_CASES)
        .from_select(["case_code"], select(func.unnest(*_arrays(DIRTY_CASES.c.case_code))))
        .on_conflict_do_nothing()
    )
    of_practitioners = select(CASES.c.case_code).where(
        CASES.c.practitioner_id == func.any(*_arrays(CASES.c.practitioner_id))
    )
    dirty_practitioners = (
        pg_insert(DIRTY_CASES).from_select(["case_code"], of_practitioners).on_conflict_do_nothing()
    )
    return _Plumbing(
        *(
            _Statement.compiled(s, dialect)
            for s in (first_deliveries, dirty_cases, dirty_practitioners)
        )
    )
