"""A rebuild's fresh schema is loaded without its secondary indexes, which are built once the
replay has written every row and before the indicators read them: one sort per index instead
of an index entry per merged row. Primary keys stay, as every merge and dedupe needs them."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, Index, Table, text
from sqlalchemy.ext.asyncio import AsyncEngine


def secondary_indexes(tables: Iterable[Table]) -> list[Index]:
    return sorted((i for t in tables for i in t.indexes), key=lambda i: str(i.name))


async def drop_secondary_indexes(engine: AsyncEngine, schema: str, tables: Iterable[Table]) -> None:
    async with engine.begin() as conn:
        for index in secondary_indexes(tables):
            await conn.execute(text(f'DROP INDEX "{schema}"."{index.name}"'))


async def create_secondary_indexes(
    engine: AsyncEngine, schema: str, tables: Iterable[Table]
) -> None:
    """The indexes `drop_secondary_indexes` dropped, as the metadata defines them."""
    indexes = secondary_indexes(tables)
    async with engine.begin() as conn:
        translated = await conn.execution_options(schema_translate_map={None: schema})
        await translated.run_sync(_create, indexes)


def _create(sync: Connection, indexes: list[Index]) -> None:
    for index in indexes:
        index.create(sync)
