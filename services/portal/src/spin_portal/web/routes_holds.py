"""Legal holds for an agency's admins: place one with a reason, see them, lift one. The planner
keeps them (and the reason); transcode suspends the case's erasures. Every step is audited."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Form, HTTPException, Request, Response, status
from fastapi.responses import RedirectResponse

from spin_portal.adapters.planner import Planner
from spin_portal.domain.accounts import PortalRole, Viewer
from spin_portal.service.audit_log import record_audit
from spin_portal.service.ports import AuditEntry
from spin_portal.web.deps import FormViewerDep, Portal, PortalDep, ViewerDep
from spin_portal.web.i18n import N_, _
from spin_portal.web.routes_cases import visible_case
from spin_portal.web.workspace_deps import PlannerDep, changed, field_errors, page_data, person

router = APIRouter(tags=["legal holds"])
REASON_NEEDED = N_("Give the reason for the hold in 3 to 500 characters: it is kept for the audit.")
REFUSALS: dict[int | str, dict[str, str]] = {
    403: {"description": "not an admin of the case's agency"},
    404: {"description": "no such case for the caller"},
}


def _only_agency_admins(viewer: Viewer) -> None:
    if viewer.role is not PortalRole.AGENCY_ADMIN:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN, detail=_("Only the agency's admins manage legal holds.")
        )


async def _case(portal: Portal, viewer: Viewer, case_code: str) -> Any:
    async with portal.engine.connect() as conn:
        case = await visible_case(conn, viewer, case_code)
    _only_agency_admins(viewer)
    if case.case_id is None:
        raise HTTPException(status.HTTP_409_CONFLICT, detail=_("This case is not in the planner."))
    return case


@router.get("/cases/{case_code}/legal-holds", summary="Legal holds of a case", responses=REFUSALS)
async def holds_page(
    request: Request, case_code: str, portal: PortalDep, viewer: ViewerDep, planner: PlannerDep
) -> Response:
    return await _holds(request, case_code, portal, viewer, planner)


async def _holds(
    request: Request,
    case_code: str,
    portal: Portal,
    viewer: Viewer,
    planner: Planner,
    errors: dict[str, str] | None = None,
    reason: str = "",
) -> Response:
    case = await _case(portal, viewer, case_code)
    answer = await planner.get(person(request, viewer), f"/cases/{case.case_id}/legal-holds")
    holds = page_data(answer, f"case {case_code}")
    return portal.render(
        request,
        "holds.html",
        title=_("Legal holds of case %(code)s", code=case_code),
        case=case,
        holds=holds,
        errors=errors or {},
        reason=reason,
        status_code=status.HTTP_422_UNPROCESSABLE_ENTITY if errors else status.HTTP_200_OK,
    )


@router.post("/cases/{case_code}/legal-holds", summary="Place a legal hold", responses=REFUSALS)
async def place_hold(
    request: Request,
    case_code: str,
    portal: PortalDep,
    viewer: FormViewerDep,
    planner: PlannerDep,
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    case = await _case(portal, viewer, case_code)
    answer = await planner.call(
        person(request, viewer),
        "POST",
        f"/cases/{case.case_id}/legal-holds",
        json={"reason": reason.strip()},
    )
    if answer.status == status.HTTP_422_UNPROCESSABLE_ENTITY:
        errors = {"reason": _(REASON_NEEDED)} if "reason" in field_errors(answer.body) else {}
        errors = errors or field_errors(answer.body)
        return await _holds(request, case_code, portal, viewer, planner, errors, reason)
    hold = page_data(answer, f"case {case_code}")
    await _audited(portal, viewer, "legal_hold_placed", case, hold["id"])
    return RedirectResponse(f"/cases/{case_code}/legal-holds", status.HTTP_303_SEE_OTHER)


@router.post(
    "/cases/{case_code}/legal-holds/{hold_id}/lift",
    summary="Lift a legal hold",
    responses={**REFUSALS, 409: {"description": "lifted already"}},
)
async def lift_hold(
    request: Request,
    case_code: str,
    hold_id: UUID,
    portal: PortalDep,
    viewer: FormViewerDep,
    planner: PlannerDep,
) -> Response:
    case = await _case(portal, viewer, case_code)
    path = f"/cases/{case.case_id}/legal-holds/{hold_id}/lift"
    await changed(planner, person(request, viewer), "POST", path, f"hold {hold_id}")
    await _audited(portal, viewer, "legal_hold_lifted", case, str(hold_id))
    return RedirectResponse(f"/cases/{case_code}/legal-holds", status.HTTP_303_SEE_OTHER)


async def _audited(portal: Portal, viewer: Viewer, action: str, case: Any, hold_id: str) -> None:
    subject = f"legal hold {hold_id} on case {case.case_code}"
    entry = AuditEntry(viewer, action, subject, agency_id=case.agency_id, case_code=case.case_code)
    await record_audit(entry, units=portal.units)
