"""What the workspace's routes share: the person the planner sees, its answers mapped to pages
and JSON, and the CSRF check of the pages' scripts."""

from __future__ import annotations

import asyncio
import secrets
from typing import Annotated, Any
from uuid import UUID

from fastapi import Depends, HTTPException, Request, status
from fastapi.responses import JSONResponse, Response
from spin_contracts.claims import Role

from spin_portal.adapters.planner import Answer, Person, Planner
from spin_portal.domain.accounts import PortalRole, Viewer
from spin_portal.service.audit_log import Viewing, record_view
from spin_portal.service.upload_tokens import account_ref
from spin_portal.web.deps import Portal, ViewerDep, not_found
from spin_portal.web.i18n import _

CSRF_HEADER = "X-CSRF-Token"
_ROLES = {
    PortalRole.PRACTITIONER: Role.PRACTITIONER,
    PortalRole.SUPERVISOR: Role.SUPERVISOR,
    PortalRole.AGENCY_ADMIN: Role.AGENCY_ADMIN,
    PortalRole.INSTITUTE_STAFF: Role.INSTITUTE_STAFF,
}


def person_of(viewer: Viewer, secret: str) -> Person:
    """The planner's caller for this viewer: practitioners and supervisors as the
    practitioner they are; admins and staff by an opaque account reference."""
    subject = viewer.practitioner_id or account_ref(secret, viewer.username)
    return Person(
        subject=subject,
        role=_ROLES[viewer.role],
        institute_id=viewer.institute_id,
        agency_id=viewer.agency_id,
        site_id=viewer.site_id,
    )


def _planner(request: Request) -> Planner:
    planner: Planner | None = request.app.state.planner
    if planner is None:
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            detail=_("The workspace is not available: this portal has no token signing key."),
        )
    return planner


PlannerDep = Annotated[Planner, Depends(_planner)]


def person(request: Request, viewer: Viewer) -> Person:
    return person_of(viewer, request.app.state.portal.settings.session_secret.get_secret_value())


async def header_csrf_checked(request: Request, viewer: ViewerDep) -> Viewer:
    """Scripts send the page's CSRF token in a header (their bodies are JSON, not forms)."""
    sent = request.headers.get(CSRF_HEADER, "")
    if not secrets.compare_digest(sent, viewer.csrf_token):
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            detail=_(
                "This request was not sent from a portal page or the page has expired: reload it."
            ),
        )
    return viewer


ScriptViewerDep = Annotated[Viewer, Depends(header_csrf_checked)]


def page_data(answer: Answer, what: str) -> Any:
    """The body of a planner answer a page needs; its refusal as the page's error."""
    if answer.ok:
        return answer.body
    if answer.status == status.HTTP_404_NOT_FOUND:
        raise not_found(what)
    raise HTTPException(answer.status, detail=detail_text(answer.body))


async def changed(
    planner: Planner,
    caller: Person,
    method: str,
    path: str,
    what: str,
    *,
    json: Any = None,
    if_match: str | None = None,
) -> Any:
    """Send a page's change to the planner; its refusal is the page's error (as `page_data`)."""
    answer = await planner.call(caller, method, path, json=json, if_match=if_match)
    return page_data(answer, what)


async def case_and_part(
    planner: Planner, caller: Person, case_id: UUID, part: str, what: str
) -> tuple[Any, Any]:
    """A case and one of its parts (`part` below /cases/{id}), asked in parallel; either
    missing for this person is the page's 404."""
    case, found = await asyncio.gather(
        planner.get(caller, f"/cases/{case_id}"), planner.get(caller, f"/cases/{case_id}/{part}")
    )
    return page_data(case, f"case {case_id}"), page_data(found, what)


async def viewed_in_case(
    portal: Portal, viewer: Viewer, viewing: Viewing, subject: str, case: dict[str, Any]
) -> None:
    """Keep the view of a planner case's page or media in its agency's audit log."""
    await record_view(
        viewer,
        viewing,
        subject,
        agency_id=case["agency_id"],
        case_code=case["case_code"],
        units=portal.units,
    )


def detail_text(body: Any) -> str:
    """The planner's refusal as one sentence."""
    detail = body.get("detail") if isinstance(body, dict) else None
    if isinstance(detail, str):
        return detail
    if isinstance(detail, list):
        return "; ".join(f"{field_of(p)}: {p.get('msg', '')}" for p in detail)
    return _("The planner refused this request.")


def field_errors(body: Any) -> dict[str, str]:
    """A 422's messages by the field they concern (the last named part of each location)."""
    detail = body.get("detail") if isinstance(body, dict) else None
    if not isinstance(detail, list):
        return {"": detail_text(body)}
    errors: dict[str, str] = {}
    for problem in detail:
        errors.setdefault(field_of(problem), str(problem.get("msg", "is not valid")))
    return errors


def field_of(problem: dict[str, Any]) -> str:
    names = [str(p) for p in problem.get("loc", []) if isinstance(p, str) and p != "body"]
    return names[-1] if names else ""


def relayed(answer: Answer) -> Response:
    """A planner answer passed to a page's script as it is (status, body, ETag)."""
    if answer.status == status.HTTP_204_NO_CONTENT:
        return Response(status_code=answer.status)
    headers = {"ETag": answer.etag} if answer.etag else None
    return JSONResponse(answer.body, status_code=answer.status, headers=headers)


async def json_body(request: Request) -> Any:
    """A script's JSON body; an empty or broken one is a 422 like any invalid body."""
    try:
        return await request.json()
    except ValueError as error:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_ENTITY,
            detail=_("The request body must be JSON: it was empty or could not be read."),
        ) from error
