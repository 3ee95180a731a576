"""JSON for the workspace's scripts: upload tokens, footage status, moments, vocabulary.

The planner's answers are passed on as they are (status, body, ETag), so a page shows the
planner's own sentences next to the fields they concern.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, HTTPException, Query, Request, Response, status
from fastapi.responses import JSONResponse
from spin_contracts.claims import Role

from spin_portal.adapters.planner import Answer
from spin_portal.domain.accounts import PERSON_ROLES
from spin_portal.web.deps import PortalDep, ViewerDep
from spin_portal.web.erasure_words import erased_words
from spin_portal.web.failure_words import failure_words
from spin_portal.web.i18n import _, current_language
from spin_portal.web.workspace_calls import IfMatch, ScriptCall, WorkspaceCall
from spin_portal.web.workspace_deps import (
    PlannerDep,
    case_and_part,
    json_body,
    page_data,
    person,
    relayed,
)

router = APIRouter(prefix="/workspace/api", tags=["workspace API"])


@router.get(
    "/upload-token",
    summary="A short-lived upload token for one filming session",
    responses={
        403: {"description": "not the case's own practitioner, or another site's case"},
        404: {"description": "no such case or filming session for the caller"},
    },
)
async def upload_token(
    request: Request,
    portal: PortalDep,
    viewer: ViewerDep,
    planner: PlannerDep,
    case: Annotated[UUID, Query()],
    session: Annotated[UUID, Query()],
) -> dict[str, Any]:
    caller = person(request, viewer)
    found, filming = await case_and_part(
        planner, caller, case, f"sessions/{session}", f"session {session}"
    )
    if viewer.role not in PERSON_ROLES or found["practitioner_id"] != viewer.practitioner_id:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            detail=_("Only the case's own practitioner uploads its footage."),
        )
    if found["site_id"] != viewer.site_id:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            detail=_("This case belongs to another site than yours: ask your agency admin."),
        )
    life_s = portal.settings.person_token_s
    # Ingest takes footage from practitioners, so a supervisor filming their own case
    # uploads as the practitioner they are.
    token = planner.tokens.mint(replace(caller, role=Role.PRACTITIONER), life_s)
    return {
        "token": token,
        "expires_at": (datetime.now(UTC) + timedelta(seconds=life_s)).isoformat(),
        "endpoint": portal.settings.ingest_public_url.rstrip("/") + "/files/",
        "metadata": {
            "case_code": found["case_code"],
            "site": found["site_id"],
            "filming_session_id": filming.get("filming_session_ref") or str(session),
            "filmed_at": filming["held_at"],
        },
    }


@router.get("/cases/{case_id}/footage", summary="Footage of a case (of one filming) and status")
async def footage_status(
    case_id: UUID,
    request: Request,
    viewer: ViewerDep,
    planner: PlannerDep,
    session: UUID | None = None,
) -> Response:
    caller = person(request, viewer)
    answer = await planner.get(caller, f"/cases/{case_id}/footage")
    if not answer.ok:
        return relayed(answer)
    ref = None
    if session is not None:
        found = page_data(await planner.get(caller, f"/cases/{case_id}/sessions/{session}"), "")
        ref = found.get("filming_session_ref") or str(session)
    items = [
        {
            **{k: f.get(k) for k in ("id", "status", "percent", "stage")},
            "failure_reason": failure_words(f.get("failure"), f.get("failure_reason")),
            "filmed_at": f.get("filmed_at"),
            "duration_s": f.get("duration_s"),
            "player_url": f"/workspace/cases/{case_id}/footage/{f['id']}"
            if f.get("status") == "ready"
            else None,
            "erased": erased_words(f.get("erased_at"), f.get("erased_reason"))
            if f.get("status") == "erased"
            else None,
        }
        for f in answer.body
        if ref is None or f.get("filming_session_ref") == ref
    ]
    return JSONResponse({"items": items}, headers={"Cache-Control": "no-store"})


@router.get("/cases/{case_id}/moments", summary="Moments of a footage")
async def list_moments(
    case_id: UUID, request: Request, viewer: ViewerDep, planner: PlannerDep, footage: UUID
) -> Response:
    answer = await planner.get(
        person(request, viewer), f"/cases/{case_id}/moments", footage_id=footage, limit=200
    )
    if not answer.ok:
        return relayed(answer)
    return JSONResponse({"items": answer.body["items"]}, headers={"Cache-Control": "no-store"})


@router.post("/cases/{case_id}/moments", summary="Mark a moment", status_code=201)
async def mark_moment(case_id: UUID, call: ScriptCall) -> Response:
    return await call.forward("POST", f"/cases/{case_id}/moments")


@router.patch("/cases/{case_id}/moments/{moment_id}", summary="Correct a moment")
async def revise_moment(
    case_id: UUID, moment_id: UUID, call: ScriptCall, if_match: IfMatch = None
) -> Response:
    path = f"/cases/{case_id}/moments/{moment_id}"
    body = await json_body(call.request)
    answer = await call.planner.call(call.caller, "PATCH", path, json=body, if_match=if_match)
    return await _with_current(call, answer, path)


@router.delete("/cases/{case_id}/moments/{moment_id}", summary="Remove a moment")
async def remove_moment(
    case_id: UUID, moment_id: UUID, call: ScriptCall, if_match: IfMatch = None
) -> Response:
    path = f"/cases/{case_id}/moments/{moment_id}"
    answer = await call.planner.call(call.caller, "DELETE", path, if_match=if_match)
    return await _with_current(call, answer, path)


async def _with_current(call: WorkspaceCall, answer: Answer, path: str) -> Response:
    """A lost race (412) comes with the newer version, for the page to show."""
    if answer.status != status.HTTP_412_PRECONDITION_FAILED:
        return relayed(answer)
    current = await call.planner.get(call.caller, path)
    body = {**(answer.body or {}), "current": current.body if current.ok else None}
    return JSONResponse(body, status_code=answer.status)


def vocabulary_url() -> str:
    """The vocabulary in the page's language: the language in the address, so the browser's
    cached answer of one language never serves a page of another."""
    return f"/workspace/api/vocabulary?language={current_language()}"


@router.get("/vocabulary", summary="Principle tags for moments")
async def vocabulary(request: Request, viewer: ViewerDep, planner: PlannerDep) -> Response:
    # In the page's language and the institute's names (a rename shows within minutes).
    answer = await planner.get(person(request, viewer), "/vocabulary", language=current_language())
    response = relayed(answer)
    response.headers["Cache-Control"] = "private, max-age=300"
    return response
