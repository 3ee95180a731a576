"""Changing a versioned row (a case, question, moment or plan): every change moves its version
(its ETag) one on, in the same statement."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Row, Table, update
from sqlalchemy.ext.asyncio import AsyncConnection


async def revised(
    conn: AsyncConnection, table: Table, row_id: Any, changes: Mapping[str, Any]
) -> Row[Any]:
    """Write `changes` to the row `row_id` of `table`, one version on; the row as it is now."""
    result = await conn.execute(
        update(table)
        .where(table.c.id == row_id)
        .values(**changes, version=table.c.version + 1)
        .returning(*table.c)
    )
    return result.one()
