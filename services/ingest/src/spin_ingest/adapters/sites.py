"""Ingest's view of the directory's sites, fed by site.registered (no call to the planner)."""

from __future__ import annotations

from sqlalchemy import Column, String, Table, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from spin_ingest.adapters.tables import metadata

SITES = Table(
    "sites",
    metadata,
    Column("site_id", String(64), primary_key=True),
    Column("agency_id", String(64), nullable=False),
)


async def record(conn: AsyncConnection, site_id: str, agency_id: str) -> None:
    statement = pg_insert(SITES).values(site_id=site_id, agency_id=agency_id)
    await conn.execute(
        statement.on_conflict_do_update(
            index_elements=["site_id"], set_={"agency_id": statement.excluded.agency_id}
        )
    )


async def agency_of(conn: AsyncConnection, site_id: str) -> str | None:
    """The agency the site belongs to, or None for a site the directory never announced."""
    found = await conn.scalar(select(SITES.c.agency_id).where(SITES.c.site_id == site_id))
    return found if isinstance(found, str) else None
