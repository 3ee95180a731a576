"""The institute's time zone: its staff set it on the language page; every page its people
read shows times on that clock, and forms read local times in it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Response, status
from fastapi.responses import RedirectResponse

from spin_portal.service import preferences
from spin_portal.web.deps import FormViewerDep, PortalDep
from spin_portal.web.i18n import _

router = APIRouter()


@router.post("/institute/time-zone", summary="Keep the institute's time zone")
async def choose_time_zone(
    portal: PortalDep, viewer: FormViewerDep, time_zone: Annotated[str, Form(max_length=64)] = ""
) -> Response:
    try:
        await preferences.staff_choose_time_zone(viewer, time_zone or None, units=portal.units)
    except preferences.NotInstituteStaffError:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            detail=_("Only the institute's staff may change its time zone."),
        ) from None
    except preferences.UnknownZoneError:
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST,
            detail=_("%(zone)s is not a time zone, e.g. Asia/Jerusalem.", zone=time_zone[:64]),
        ) from None
    return RedirectResponse("/language", status.HTTP_303_SEE_OTHER)
