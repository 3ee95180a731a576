"""The read model's erasures (from footage.erased), for the case timeline, the footage link and
the erasure record: rows with their stored codes (scope, reason), which web/ words."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import Row, and_, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from spin_portal.adapters.erasure_tables import ERASURE_SCHEDULE, ERASURES, LEGAL_HOLDS


async def erased(conn: AsyncConnection, footage_id: UUID) -> Row[Any] | None:
    """The erasure of the whole footage, if there was one (the camera file alone does not count)."""
    query = select(ERASURES).where(ERASURES.c.footage_id == footage_id, ERASURES.c.scope == "all")
    return (await conn.execute(query)).first()


async def upcoming(conn: AsyncConnection, agencies: list[str]) -> Sequence[Row[Any]]:
    """Erasures due and not yet done in the agencies (soonest first), each marked `held` when
    a legal hold on its case suspends it."""
    s, e, h = ERASURE_SCHEDULE, ERASURES, LEGAL_HOLDS
    done = exists().where(
        e.c.footage_id == s.c.footage_id, or_(e.c.scope == s.c.scope, e.c.scope == "all")
    )
    held = exists().where(h.c.case_code == s.c.case_code, h.c.lifted_at.is_(None))
    query = select(s, held.label("held")).where(s.c.agency_id.in_(agencies), ~done)
    return (await conn.execute(query.order_by(s.c.due_at).limit(200))).all()


async def holds_in_force(conn: AsyncConnection, agencies: list[str]) -> Sequence[Row[Any]]:
    h = LEGAL_HOLDS
    query = select(h).where(and_(h.c.agency_id.in_(agencies), h.c.lifted_at.is_(None)))
    return (await conn.execute(query.order_by(h.c.placed_at).limit(200))).all()


async def of_case(conn: AsyncConnection, case_code: str) -> Sequence[Row[Any]]:
    query = select(ERASURES).where(ERASURES.c.case_code == case_code)
    return (await conn.execute(query.order_by(ERASURES.c.erased_at))).all()
