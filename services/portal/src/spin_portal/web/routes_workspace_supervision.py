"""The supervisor's screen (apprentices, their progress and cases, recording a supervision)
and the apprentice's coaching page (progress, comments addressed to them)."""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response, status
from fastapi.responses import RedirectResponse
from starlette.datastructures import FormData

from spin_portal.adapters.planner import Person, Planner
from spin_portal.domain.accounts import PortalRole, Viewer
from spin_portal.domain.apprenticeship import Progress, Supervision, progress
from spin_portal.web.deps import FormViewerDep, PortalDep, ViewerDep
from spin_portal.web.i18n import _, current_time_zone
from spin_portal.web.workspace_deps import PlannerDep, field_errors, page_data, person
from spin_portal.web.workspace_forms import FormFieldError, local_time, number, optional, typed

router = APIRouter(prefix="/workspace", tags=["workspace"])


def _progress_of(practitioner: dict[str, Any], supervisions: list[dict[str, Any]]) -> Progress:
    started = practitioner.get("apprenticeship_started_on")
    clock = current_time_zone()  # days since the last coaching, on the reader's clock
    held = [
        Supervision(datetime.fromisoformat(s["held_at"]).astimezone(clock), s["duration_minutes"])
        for s in supervisions
        if s["practitioner_id"] == practitioner["id"]
    ]
    return progress(
        date.fromisoformat(started) if started else None, held, datetime.now(clock).date()
    )


async def _footage_of(
    planner: Planner, caller: Person, cases: list[dict[str, Any]]
) -> dict[str, list[Any]]:
    """Playable footage per case (the supervisor's choices of footage reviewed)."""
    answers = await asyncio.gather(
        *(planner.get(caller, f"/cases/{c['id']}/footage") for c in cases)
    )
    return {
        c["id"]: [f for f in a.body if f.get("status") == "ready"] if a.ok else []
        for c, a in zip(cases, answers, strict=True)
    }


async def _supervisor_facts(planner: Planner, caller: Person) -> dict[str, Any]:
    apprentices, supervisions, cases, comments = await asyncio.gather(
        planner.get(caller, "/practitioners", supervisor_id=caller.subject, limit=200),
        planner.get(caller, "/supervisions", limit=200),
        planner.get(caller, "/cases", limit=200),
        planner.get(caller, "/coaching-comments", limit=20),
    )
    people = page_data(apprentices, "apprentices")["items"]
    held = page_data(supervisions, "supervisions")["items"]
    mine = {p["id"] for p in people}
    visible = [c for c in page_data(cases, "cases")["items"] if c["practitioner_id"] in mine]
    footage = await _footage_of(planner, caller, visible)
    return {
        "apprentices": [
            {
                **p,
                "progress": _progress_of(p, held),
                "cases": [
                    {**c, "footage": footage[c["id"]]}
                    for c in visible
                    if c["practitioner_id"] == p["id"]
                ],
                "supervisions": [s for s in held if s["practitioner_id"] == p["id"]][:5],
            }
            for p in people
        ],
        "comments": page_data(comments, "comments"),
        "case_codes": {c["id"]: c["case_code"] for c in visible},
    }


def _supervisor_only(viewer: Viewer) -> None:
    if viewer.role is not PortalRole.SUPERVISOR:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            detail=_("This screen is for supervisors: your own coaching is under My coaching."),
        )


@router.get("/supervision", summary="My apprentices: progress, cases, recording a supervision")
async def supervision_page(
    request: Request, portal: PortalDep, viewer: ViewerDep, planner: PlannerDep
) -> Response:
    return await _supervision_page(request, portal, viewer, planner)


async def _supervision_page(
    request: Request,
    portal: PortalDep,
    viewer: Viewer,
    planner: PlannerDep,
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
) -> Response:
    _supervisor_only(viewer)
    facts = await _supervisor_facts(planner, person(request, viewer))
    return portal.render(
        request,
        "workspace/supervision.html",
        status.HTTP_422_UNPROCESSABLE_ENTITY if errors else status.HTTP_200_OK,
        title=_("My apprentices"),
        **facts,
        errors=errors or {},
        values=values or {},
    )


def supervision_body(form: FormData) -> dict[str, Any]:
    return {
        "practitioner_id": str(form.get("practitioner_id", "")),
        "held_at": local_time(form, "held_at"),
        "duration_minutes": number(form, "duration_minutes"),
        "footage_ids": [str(f) for f in form.getlist("footage_ids") if str(f)],
        "note": optional(form, "note"),
    }


@router.post("/supervision/sessions", summary="Record a supervision session")
async def record_supervision(
    request: Request, portal: PortalDep, viewer: FormViewerDep, planner: PlannerDep
) -> Response:
    _supervisor_only(viewer)
    form = await request.form()
    values: dict[str, Any] = {**typed(form), "footage_ids": form.getlist("footage_ids")}
    try:
        body = supervision_body(form)
    except FormFieldError as problem:
        return await _supervision_page(request, portal, viewer, planner, problem.errors, values)
    answer = await planner.call(person(request, viewer), "POST", "/supervisions", json=body)
    if not answer.ok:
        return await _supervision_page(
            request, portal, viewer, planner, field_errors(answer.body), values
        )
    return RedirectResponse("/workspace/supervision#recorded", status.HTTP_303_SEE_OTHER)


@router.get("/coaching", summary="My coaching: progress and my supervisor's comments")
async def coaching_page(
    request: Request, portal: PortalDep, viewer: ViewerDep, planner: PlannerDep
) -> Response:
    caller = person(request, viewer)
    people, supervisions, comments, cases = await asyncio.gather(
        planner.get(caller, "/practitioners", limit=200),
        planner.get(caller, "/supervisions", practitioner_id=caller.subject, limit=200),
        planner.get(caller, "/coaching-comments", limit=50),
        planner.get(caller, "/cases", limit=200),
    )
    me = next(
        (p for p in page_data(people, "practitioners")["items"] if p["id"] == caller.subject), None
    )
    if me is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=_("You are not a practitioner here."))
    held = page_data(supervisions, "supervisions")["items"]
    codes = {c["id"]: c["case_code"] for c in page_data(cases, "cases")["items"]}
    addressed = [
        c for c in page_data(comments, "comments") if c["practitioner_id"] == caller.subject
    ]
    return portal.render(
        request,
        "workspace/coaching.html",
        title=_("My coaching"),
        me=me,
        progress=_progress_of(me, held),
        supervisions=held,
        comments=addressed,
        case_codes=codes,
    )
