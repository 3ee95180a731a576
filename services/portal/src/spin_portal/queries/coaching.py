"""What the practitioner page reads of coaching: the latest agreement figures with their
supervisor (figures and dates only)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.ext.asyncio import AsyncConnection

from spin_portal.adapters.coaching_tables import AGREEMENTS


async def latest_agreements(
    conn: AsyncConnection, practitioner_id: str, limit: int
) -> list[Row[Any]]:
    """The practitioner's newest agreement rows, newest first."""
    rows = await conn.execute(
        select(AGREEMENTS)
        .where(AGREEMENTS.c.practitioner_id == practitioner_id)
        .order_by(AGREEMENTS.c.computed_at.desc())
        .limit(limit)
    )
    return list(rows.all())
