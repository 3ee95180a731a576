"""Pagination of listings: a page of rows and the total that match the filters."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from spin_planner.adapters.records import records

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

R = TypeVar("R", bound="DataclassInstance")

# A column every row of a page carries (views ignore it): the count of all matching rows.
TOTAL = "total_matching"
_COUNTED = func.count().over().label(TOTAL)  # built once: every listing adds it


async def page(
    conn: AsyncConnection,
    query: Select[Any],
    limit: int,
    offset: int,
    params: dict[str, Any] | None = None,
) -> tuple[list[dict[str, Any]], int]:
    """The rows (as dicts) and their total in one round trip (a window count); a second query
    only for a page past the end, which has no row to carry the total. `params` fill the
    query's bind parameters."""
    counted = query.add_columns(_COUNTED)
    result = await conn.execute(counted.limit(limit).offset(offset), params)
    # The keys once per page: a Row's own _asdict looks them up again for every row, which
    # cost a 50-case page more than validating its views.
    keys = tuple(result.keys())
    rows = [dict(zip(keys, row, strict=True)) for row in result]
    if rows:
        return rows, int(rows[0][TOTAL])
    if offset == 0:
        return rows, 0
    total = await conn.scalar(
        select(func.count()).select_from(query.order_by(None).subquery()), params
    )
    return rows, int(total or 0)


async def page_of(
    kind: type[R], conn: AsyncConnection, query: Select[Any], limit: int, offset: int
) -> tuple[list[R], int]:
    """A page of `query`'s rows as records of `kind`, and their total."""
    rows, total = await page(conn, query, limit, offset)
    return records(kind, rows), total
