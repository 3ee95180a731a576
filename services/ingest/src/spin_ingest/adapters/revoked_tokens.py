"""Ingest's list of revoked upload tokens, fed by upload_token.revoked (no call to the portal)."""

from __future__ import annotations

from datetime import datetime

from spin_contracts.events.directory import UploadTokenRevoked
from sqlalchemy import Column, DateTime, String, Table, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from spin_ingest.adapters.tables import metadata

REVOKED_TOKENS = Table(
    "revoked_tokens",
    metadata,
    Column("token_id", String(64), primary_key=True),
    Column("agency_id", String(64), nullable=False),
    Column("site_id", String(64), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=False),
)


async def record(conn: AsyncConnection, revoked: UploadTokenRevoked) -> None:
    await conn.execute(
        pg_insert(REVOKED_TOKENS)
        .values(
            token_id=revoked.token_id,
            agency_id=revoked.agency_id,
            site_id=revoked.site_id,
            revoked_at=revoked.revoked_at,
        )
        .on_conflict_do_nothing()
    )


async def every_revocation(conn: AsyncConnection) -> dict[str, datetime]:
    """Token id -> when it was revoked. Small: tokens are revoked by hand, one at a time."""
    rows = await conn.execute(select(REVOKED_TOKENS.c.token_id, REVOKED_TOKENS.c.revoked_at))
    return {row.token_id: row.revoked_at for row in rows}
