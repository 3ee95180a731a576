"""Which agency a site or a practitioner belongs to, and the site of each practitioner."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from spin_portal.adapters.tables import PRACTITIONERS, SITES


async def agency_of_site(conn: AsyncConnection, site_id: str) -> str | None:
    agency_id: str | None = await conn.scalar(
        select(SITES.c.agency_id).where(SITES.c.site_id == site_id)
    )
    return agency_id


async def agency_of_practitioner(conn: AsyncConnection, practitioner_id: str) -> str | None:
    agency_id: str | None = await conn.scalar(
        select(PRACTITIONERS.c.agency_id).where(PRACTITIONERS.c.practitioner_id == practitioner_id)
    )
    return agency_id


async def site_of_practitioners(conn: AsyncConnection, agency_id: str) -> dict[str, str]:
    """Practitioner id to site id, for the agency's practitioners."""
    rows = await conn.execute(
        select(PRACTITIONERS.c.practitioner_id, PRACTITIONERS.c.site_id).where(
            PRACTITIONERS.c.agency_id == agency_id
        )
    )
    return {row[0]: row[1] for row in rows}
