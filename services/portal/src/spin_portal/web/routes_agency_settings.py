"""The agency's settings an agency admin changes: whether footage may be downloaded.

The setting is the planner's (`PATCH /agencies/{id}` with If-Match); the portal shows it, sends
the admin's change and keeps the change in the agency's audit log.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request, Response, status
from fastapi.responses import RedirectResponse

from spin_portal.domain.accounts import PortalRole, Viewer
from spin_portal.service.audit_log import record_audit
from spin_portal.service.ports import AuditEntry
from spin_portal.web.deps import FormViewerDep, PortalDep, ViewerDep, visible_agency
from spin_portal.web.i18n import _
from spin_portal.web.workspace_deps import PlannerDep, changed, page_data, person

router = APIRouter()


def _admin_only(viewer: Viewer) -> None:
    if viewer.role is not PortalRole.AGENCY_ADMIN:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN, detail=_("Only the agency's admins may change its settings.")
        )


@router.get("/agencies/{agency_id}/settings", summary="The agency's download setting")
async def settings_page(
    request: Request, agency_id: str, portal: PortalDep, viewer: ViewerDep, planner: PlannerDep
) -> Response:
    async with portal.engine.connect() as conn:
        agency = await visible_agency(conn, viewer, agency_id)
    _admin_only(viewer)
    answer = await planner.get(person(request, viewer), f"/agencies/{agency_id}")
    setting = page_data(answer, f"agency {agency_id!r}")
    return portal.render(
        request,
        "agency_settings.html",
        title=_("Agency settings"),
        agency=agency,
        downloads_allowed=bool(setting["downloads_allowed"]),
        version=answer.etag or "",
    )


@router.post("/agencies/{agency_id}/settings", summary="Allow or stop footage downloads")
async def change_settings(
    request: Request,
    agency_id: str,
    portal: PortalDep,
    viewer: FormViewerDep,
    planner: PlannerDep,
    version: Annotated[str, Form()],
    downloads_allowed: Annotated[bool, Form()] = False,
) -> Response:
    async with portal.engine.connect() as conn:
        agency = await visible_agency(conn, viewer, agency_id)
    _admin_only(viewer)
    await changed(
        planner,
        person(request, viewer),
        "PATCH",
        f"/agencies/{agency_id}",
        f"agency {agency_id!r}",
        json={"downloads_allowed": downloads_allowed},
        if_match=version,
    )
    action = "downloads_allowed" if downloads_allowed else "downloads_stopped"
    entry = AuditEntry(viewer, action, f"agency {agency.agency_id}", agency_id=agency.agency_id)
    await record_audit(entry, units=portal.units)
    return RedirectResponse(f"/agencies/{agency_id}/settings", status.HTTP_303_SEE_OTHER)
