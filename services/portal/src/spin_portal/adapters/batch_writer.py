"""What a batch of events changes, and the read model's batch writes: asyncpg under
SQLAlchemy, a table's rows of a batch copied into a temporary table and merged into the stored
ones with COALESCE by one statement, and the dedupe and dirty marks."""

from __future__ import annotations

import typing
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Protocol
from uuid import UUID

import orjson
from sqlalchemy import (
    Column,
    Dialect,
    MetaData,
    Table,
    UpdateBase,
    bindparam,
    delete,
    func,
    select,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from spin_portal.adapters.tables import CASES, DIRTY_CASES, PROCESSED_EVENTS

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
        rows = self.rows.setdefault(table, {})
        merged = rows.get(key)
        if merged is None:  # the batch's first row of this key (most are): nothing to merge
            rows[key] = values
        else:
            merged.update({k: v for k, v in values.items() if v is not None or k not in merged})

    def remove(self, table: Table, key: Any) -> None:
        """Delete the row of `table` (one key column) whose key is `key`, rows put earlier in
        this batch included; deletes run after the batch's upserts."""
        self.rows.get(table, {}).pop((key,), None)
        self.removed.setdefault(table, set()).add(key)


@cache
def _key_names(table: Table) -> tuple[str, ...]:
    return tuple(c.name for c in table.primary_key.columns)


class Driver(Protocol):
    """The part of asyncpg's connection the batch writes use."""

    async def execute(self, query: str, *args: Any) -> str: ...

    async def fetch(self, query: str, *args: Any) -> list[Any]: ...

    async def copy_records_to_table(
        self,
        table_name: str,
        *,
        records: Iterable[Sequence[Any]],
        columns: Sequence[str],
        schema_name: str,
    ) -> str: ...


@dataclass(frozen=True)
class Writer:
    """asyncpg under SQLAlchemy, in the caller's transaction: a table's rows of a batch are
    copied (binary COPY) into a temporary table, then merged by one statement (SQLAlchemy's
    executemany would send the rows one by one; arrays of parameters cost more to encode)."""

    driver: Driver
    dialect: Dialect

    @classmethod
    async def of(cls, conn: AsyncConnection) -> Writer:
        raw = await conn.get_raw_connection()
        return cls(typing.cast("Driver", raw.driver_connection), conn.dialect)

    async def first_deliveries(self, event_ids: Collection[UUID]) -> set[UUID]:
        """The ids of `event_ids` (distinct) this consumer has not handled before, now
        recorded. Only those handled before come back, mostly none."""
        seen = await self.driver.fetch(_FIRST_DELIVERIES, CONSUMER, list(event_ids))
        return set(event_ids) - {row[0] for row in seen} if seen else set(event_ids)

    async def upsert(self, table: Table, rows: Iterable[Row]) -> None:
        """All `rows` merged into stored ones with COALESCE, in one COPY and one statement."""
        statement = _staged_upsert(table, self.dialect)
        records = [_record(row, statement.columns, statement.json) for row in rows]
        await self.driver.execute(statement.stage)
        await self.driver.copy_records_to_table(
            statement.staged, records=records, columns=statement.columns, schema_name="pg_temp"
        )
        await self.driver.execute(statement.sql)

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


@dataclass(frozen=True)
class _Statement:
    """SQL compiled once per dialect; `columns` name its parameters in order."""

    sql: str
    columns: tuple[str, ...]

    @classmethod
    def compiled(cls, statement: UpdateBase, dialect: Dialect) -> _Statement:
        compiled = statement.compile(dialect=dialect)
        return cls(compiled.string, tuple(compiled.positiontup or ()))


@dataclass(frozen=True)
class _Staged:
    """A table's merge from its temporary twin: `stage` makes the twin where the connection
    has none yet (it lives as long as the connection, emptied at each commit), COPY fills
    `staged` with `columns`, `sql` merges it into the table."""

    stage: str
    staged: str
    columns: tuple[str, ...]
    json: tuple[int, ...]  # positions of the JSONB columns, sent as JSON text
    sql: str


def _record(row: Row, columns: tuple[str, ...], json: tuple[int, ...]) -> list[Any]:
    record = [row.get(name) for name in columns]
    for at in json:
        if record[at] is not None:
            record[at] = orjson.dumps(record[at]).decode()
    return record


def _arrays(*columns: Column[Any]) -> list[Any]:
    return [bindparam(c.name, type_=ARRAY(c.type)) for c in columns]


@cache
def _staged_upsert(table: Table, dialect: Dialect) -> _Staged:
    keys = [c.name for c in table.primary_key.columns]
    names = tuple(c.name for c in table.columns)
    twin = Table(f"staged_{table.name}", MetaData(), *(Column(n) for n in names), schema="pg_temp")
    statement = pg_insert(table).from_select(names, select(*(twin.c[n] for n in names)))
    statement = statement.on_conflict_do_update(
        index_elements=keys,
        set_={n: func.coalesce(statement.excluded[n], table.c[n]) for n in names if n not in keys},
    )
    stage = (  # the live table's shape, found on the search_path (a rebuild's: its fresh one)
        f'CREATE TEMP TABLE IF NOT EXISTS "{twin.name}" (LIKE "{table.name}") ON COMMIT DELETE ROWS'
    )
    json = tuple(i for i, c in enumerate(table.columns) if isinstance(c.type, JSONB))
    return _Staged(stage, twin.name, names, json, str(statement.compile(dialect=dialect)))


@cache
def _delete_statement(table: Table, dialect: Dialect) -> _Statement:
    (key,) = table.primary_key.columns
    statement = delete(table).where(key == func.any(*_arrays(key)))
    return _Statement.compiled(statement, dialect)


# Records the ids not handled before; returns the others (a redelivery's), mostly none.
_FIRST_DELIVERIES = (
    f"WITH recorded AS (INSERT INTO {PROCESSED_EVENTS.name} (consumer, event_id)"  # noqa: S608 - table names
    " SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING RETURNING event_id)"
    " SELECT given.id FROM unnest($2::uuid[]) AS given(id)"
    " WHERE given.id NOT IN (SELECT event_id FROM recorded)"
)


@dataclass(frozen=True)
class _Plumbing:
    dirty_cases: _Statement
    dirty_practitioners: _Statement


@cache
def _plumbing(dialect: Dialect) -> _Plumbing:
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
        _Statement.compiled(dirty_cases, dialect), _Statement.compiled(dirty_practitioners, dialect)
    )
