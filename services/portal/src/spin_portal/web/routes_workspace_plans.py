"""The feedback plan builder: pick and order a case's moments for the next shared review, the
questions to ask the parent per clip; ask for the clips and reel and watch them arrive.

The planner keeps the plan (If-Match on every change) and decides who may see what; the
portal relays its answers and signs links to rendered clips after logging the view.
"""

from __future__ import annotations

import asyncio
from uuid import UUID

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from spin_portal.service.audit_log import Viewing
from spin_portal.web.deps import PortalDep, ViewerDep
from spin_portal.web.i18n import _
from spin_portal.web.plan_media import clips_of, latest_reels, plan_parts, signed_links
from spin_portal.web.routes_workspace_api import vocabulary_url
from spin_portal.web.routes_workspace_footage import may_edit_moments
from spin_portal.web.workspace_calls import IfMatch, PageCall, ScriptCall
from spin_portal.web.workspace_deps import (
    PlannerDep,
    page_data,
    person,
)

pages = APIRouter(prefix="/workspace/cases/{case_id}", tags=["workspace"])
api = APIRouter(prefix="/workspace/api/cases/{case_id}/feedback-plans", tags=["workspace API"])


@pages.get("/plans", summary="Build the feedback plan for the next shared review")
async def plan_page(
    case_id: UUID, request: Request, portal: PortalDep, viewer: ViewerDep, planner: PlannerDep
) -> Response:
    caller = person(request, viewer)
    base = f"/cases/{case_id}"
    answers = await asyncio.gather(
        planner.get(caller, base),
        planner.get(caller, f"{base}/moments", limit=200),
        planner.get(caller, f"{base}/helping-questions"),
        planner.get(caller, f"{base}/feedback-plans"),
    )
    case, moments, questions, plans = (page_data(a, f"case {case_id}") for a in answers)
    current = next((p for p in reversed(plans) if p["status"] == "prepared"), None)
    response = portal.render(
        request,
        "workspace/plan.html",
        title=_("Feedback plan · case %(code)s", code=case["case_code"]),
        case=case,
        data={
            "moments": moments["items"],
            "questions": [{"id": q["id"], "words": q["words"]} for q in questions],
            "plan": current,
            "editable": may_edit_moments(viewer, case),
            "urls": {
                "plans": f"/workspace/api/cases/{case_id}/feedback-plans",
                "vocabulary": vocabulary_url(),
                "review": f"/workspace/cases/{case_id}/plans/",
            },
        },
        shown=[p for p in plans if p["status"] == "shown"],
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@api.post("", summary="Prepare a feedback plan", status_code=201)
async def prepare(case_id: UUID, call: ScriptCall) -> Response:
    return await call.forward("POST", f"/cases/{case_id}/feedback-plans")


@api.patch("/{plan_id}", summary="Change a plan before it is shown (If-Match)")
async def revise(
    case_id: UUID, plan_id: UUID, call: ScriptCall, if_match: IfMatch = None
) -> Response:
    path = f"/cases/{case_id}/feedback-plans/{plan_id}"
    return await call.forward("PATCH", path, if_match=if_match)


@api.post("/{plan_id}/clip-requests", summary="Make the plan's clips and reel", status_code=202)
async def make_clips(case_id: UUID, plan_id: UUID, call: ScriptCall) -> Response:
    path = f"/cases/{case_id}/feedback-plans/{plan_id}/clip-requests"
    return await call.send("POST", path, json={"reel": True})


@api.post(
    "/{plan_id}/clips/{moment_id}/training",
    summary="Mark a rendered clip of the plan for use in training (needs a training consent)",
    responses={
        404: {"description": "no such case or moment for the caller"},
        409: {"description": "no training consent, no rendered clip, or its clips were erased"},
    },
)
async def mark_for_training(
    case_id: UUID, plan_id: UUID, moment_id: UUID, call: ScriptCall
) -> Response:
    del plan_id  # the clip is the moment's, whichever plan shows it
    return await call.send("POST", f"/cases/{case_id}/moments/{moment_id}/training")


@api.get("/{plan_id}", summary="A plan's clips: their progress and, once made, links")
async def plan_clips(case_id: UUID, plan_id: UUID, call: PageCall) -> Response:
    planner, caller = call.planner, call.caller
    (case, plan, moments, footage), marks = await asyncio.gather(
        plan_parts(planner, caller, case_id, plan_id),
        planner.get(caller, f"/cases/{case_id}/training-clips"),
    )
    # Marks are the agency's people's to see; anyone else simply sees none.
    listed = marks.body if marks.ok else []
    training = {m["moment_id"] for m in listed if not m["erased_at"]}
    clips, reels = clips_of(plan, moments), latest_reels(plan)
    for clip in clips:
        clip["training"] = clip["moment_id"] in training
    if all(c["status"] != "requested" for c in clips):  # settled: links once, not per poll
        await signed_links(call.portal, call.viewer, case, footage, clips, reels, Viewing.CLIPS)
    body = {
        "version": plan["version"],
        "status": plan["status"],
        "clips": clips,
        "reels": [{"footage_id": r["footage_id"], "url": r.get("url")} for r in reels],
    }
    return JSONResponse(body, headers={"Cache-Control": "no-store"})


router = APIRouter()
router.include_router(pages)
router.include_router(api)
