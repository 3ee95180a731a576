"""Pagination of listings: a page of rows and the total that match the filters."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, Select, func, select
from sqlalchemy.ext.asyncio import AsyncConnection


async def page(
    conn: AsyncConnection, query: Select[Any], limit: int, offset: int
) -> tuple[Sequence[Row[Any]], int]:
    rows = (await conn.execute(query.limit(limit).offset(offset))).all()
    if len(rows) < limit and (rows or offset == 0):
        return rows, offset + len(rows)  # the last page: no need to count
    total = await conn.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    return rows, int(total or 0)
