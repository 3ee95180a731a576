"""What a batch of events changes, and the read model's batch writes: asyncpg under
SQLAlchemy, one statement per table and batch with one array per column, rows merged with
COALESCE, and the dedupe and dirty marks."""

from __future__ import annotations

import json
import typing
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Protocol
from uuid import UUID

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
