"""The institute's time zone: its staff set it on the language page; every page its people
read shows times on that clock, and forms read local times in it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Response, status
from fastapi.responses import RedirectResponse
from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from spin_portal.adapters.zone_tables import INSTITUTE_TIME_ZONES
from spin_portal.domain.accounts import PortalRole
from spin_portal.domain.time_zone import known_zone
from spin_portal.web.deps import FormViewerDep, PortalDep
from spin_portal.web.i18n import _

router = APIRouter()


async def keep_time_zone(conn: AsyncConnection, institute_id: str, zone: str | None) -> None:
    """The institute's zone; None goes back to the deployment's default."""
    if zone is None:
        await conn.execute(
            delete(INSTITUTE_TIME_ZONES).where(INSTITUTE_TIME_ZONES.c.institute_id == institute_id)
        )
        return
    chosen = {"institute_id": institute_id, "time_zone": zone}
    await conn.execute(
        pg_insert(INSTITUTE_TIME_ZONES)
        .values(chosen)
        .on_conflict_do_update(index_elements=["institute_id"], set_=chosen)
    )


@router.post("/institute/time-zone", summary="Keep the institute's time zone")
async def choose_time_zone(
    portal: PortalDep, viewer: FormViewerDep, time_zone: Annotated[str, Form(max_length=64)] = ""
) -> Response:
    if viewer.role is not PortalRole.INSTITUTE_STAFF:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            detail=_("Only the institute's staff may change its time zone."),
        )
    if time_zone and known_zone(time_zone) is None:
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST,
            detail=_("%(zone)s is not a time zone, e.g. Asia/Jerusalem.", zone=time_zone[:64]),
        )
    async with portal.engine.begin() as conn:
        await keep_time_zone(conn, viewer.institute_id, time_zone or None)
    return RedirectResponse("/language", status.HTTP_303_SEE_OTHER)
