"""What an agency's admin pages read: its upload tokens and its audit log."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.ext.asyncio import AsyncConnection

from spin_portal.adapters.tables import AUDIT_LOG, UPLOAD_TOKENS

AUDIT_PAGE_ROWS = 1000


async def upload_tokens_of(conn: AsyncConnection, agency_id: str) -> list[Row[Any]]:
    """The agency's site upload tokens, newest first."""
    rows = await conn.execute(
        select(UPLOAD_TOKENS)
        .where(UPLOAD_TOKENS.c.agency_id == agency_id)
        .order_by(UPLOAD_TOKENS.c.issued_at.desc())
    )
    return list(rows.all())


async def audit_log(conn: AsyncConnection, agency_id: str) -> list[Row[Any]]:
    """The agency's newest audit entries, newest first."""
    rows = await conn.execute(
        select(AUDIT_LOG)
        .where(AUDIT_LOG.c.agency_id == agency_id)
        .order_by(AUDIT_LOG.c.id.desc())
        .limit(AUDIT_PAGE_ROWS)
    )
    return list(rows.all())
