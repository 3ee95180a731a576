"""What the pipeline page reads: uploads per site, failures, backlog and dead letters."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Row, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from spin_portal.adapters.tables import DEAD_LETTERS, FOOTAGE, SITES

LATE_HOURS = 48
LIST_ROWS = 200


def dead_letter_scope(
    agencies: list[str], *, institute_id: str, with_unattributed: bool
) -> ColumnElement[bool]:
    """The agencies' dead letters; with those no tenant could be read of (or only the
    institute) when `with_unattributed`."""
    mine = DEAD_LETTERS.c.agency_id.in_(agencies)
    if not with_unattributed:
        return mine
    unattributed = and_(
        DEAD_LETTERS.c.agency_id.is_(None),
        or_(
            DEAD_LETTERS.c.institute_id.is_(None),
            DEAD_LETTERS.c.institute_id == institute_id,
        ),
    )
    return or_(mine, unattributed)


async def uploads_per_site(conn: AsyncConnection, agencies: list[str]) -> list[tuple[Any, ...]]:
    """Per site: agency, site, name, uploads, playable, failed, processing, late."""
    late = FOOTAGE.c.uploaded_at - FOOTAGE.c.filmed_at > func.make_interval(0, 0, 0, 0, LATE_HOURS)
    rows = await conn.execute(
        select(
            FOOTAGE.c.agency_id,
            FOOTAGE.c.site_id,
            func.coalesce(SITES.c.name, FOOTAGE.c.site_id),
            func.count(),
            func.count().filter(FOOTAGE.c.transcoded_at.is_not(None)),
            func.count().filter(FOOTAGE.c.failed_at.is_not(None)),
            func.count().filter(FOOTAGE.c.transcoded_at.is_(None), FOOTAGE.c.failed_at.is_(None)),
            func.count().filter(late),
        )
        .select_from(FOOTAGE.outerjoin(SITES, SITES.c.site_id == FOOTAGE.c.site_id))
        .where(FOOTAGE.c.agency_id.in_(agencies))
        .group_by(FOOTAGE.c.agency_id, FOOTAGE.c.site_id, SITES.c.name)
        .order_by(FOOTAGE.c.site_id)
    )
    return [tuple(row) for row in rows]


async def failures(conn: AsyncConnection, agencies: list[str]) -> list[Row[Any]]:
    """Footage that failed, newest first."""
    rows = await conn.execute(
        select(FOOTAGE)
        .where(FOOTAGE.c.agency_id.in_(agencies), FOOTAGE.c.failed_at.is_not(None))
        .order_by(FOOTAGE.c.failed_at.desc())
        .limit(LIST_ROWS)
    )
    return list(rows.all())


async def backlog(conn: AsyncConnection, agencies: list[str]) -> list[Row[Any]]:
    """Footage neither playable nor failed yet, oldest first."""
    rows = await conn.execute(
        select(FOOTAGE)
        .where(
            FOOTAGE.c.agency_id.in_(agencies),
            FOOTAGE.c.transcoded_at.is_(None),
            FOOTAGE.c.failed_at.is_(None),
        )
        .order_by(FOOTAGE.c.uploaded_at)
        .limit(LIST_ROWS)
    )
    return list(rows.all())


async def dead_letters(conn: AsyncConnection, scope: ColumnElement[bool]) -> list[Row[Any]]:
    """Dead letters in `scope`, newest first."""
    rows = await conn.execute(
        select(DEAD_LETTERS)
        .where(scope)
        .order_by(DEAD_LETTERS.c.received_at.desc())
        .limit(LIST_ROWS)
    )
    return list(rows.all())
