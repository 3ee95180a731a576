"""What an agency's admin pages read: its upload tokens, its audit log, its practitioners
and their accounts."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.ext.asyncio import AsyncConnection

from spin_portal.adapters.tables import AUDIT_LOG, PRACTITIONERS, UPLOAD_TOKENS, USERS

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


async def practitioners_of(conn: AsyncConnection, agency_id: str) -> list[tuple[str, str, str]]:
    """The agency's practitioners as (id, name, site), by name."""
    rows = await conn.execute(
        select(
            PRACTITIONERS.c.practitioner_id, PRACTITIONERS.c.display_name, PRACTITIONERS.c.site_id
        )
        .where(PRACTITIONERS.c.agency_id == agency_id)
        .order_by(PRACTITIONERS.c.display_name, PRACTITIONERS.c.practitioner_id)
    )
    return [(pid, name or pid, site_id) for pid, name, site_id in rows]


async def account_of_practitioner(conn: AsyncConnection, practitioner_id: str) -> str | None:
    """The username of the account that logs in as the practitioner, if any."""
    holder: str | None = await conn.scalar(
        select(USERS.c.username).where(USERS.c.practitioner_id == practitioner_id)
    )
    return holder
