"""Shared review mode: the plan's clips full screen for the home visit, an offline copy where
the agency allows downloads, and the short form that records the review in the planner.

The page shows no names and nothing of other families: clips, the practitioner's questions
for the parent, and times. Each view and each download is in the agency's audit log first.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import UUID

from fastapi import APIRouter, HTTPException, Response, status
from fastapi.responses import StreamingResponse
from starlette.concurrency import iterate_in_threadpool

from spin_portal.service.audit_log import Viewing
from spin_portal.web.deps import Portal
from spin_portal.web.i18n import N_, _
from spin_portal.web.plan_media import clips_of, latest_reels, plan_parts, signed_links
from spin_portal.web.workspace_calls import PageCall, ScriptCall, WorkspaceCall
from spin_portal.web.workspace_deps import (
    page_data,
    viewed_in_case,
)

pages = APIRouter(prefix="/workspace/cases/{case_id}/plans/{plan_id}", tags=["workspace"])
api = APIRouter(prefix="/workspace/api/cases/{case_id}", tags=["workspace API"])
CHUNK = 1 << 20
NO_DOWNLOADS = N_(
    "Your agency does not allow clips to be kept on this device: they play over the network."
)


@pages.get("/review", summary="Shared review mode (full screen; every view logged)")
async def review_page(case_id: UUID, plan_id: UUID, call: PageCall) -> Response:
    planner, portal, caller = call.planner, call.portal, call.caller
    case, plan, moments, footage = await plan_parts(planner, caller, case_id, plan_id)
    policy = page_data(await planner.get(caller, f"/cases/{case_id}/offline-policy"), "policy")
    clips, reels = clips_of(plan, moments), latest_reels(plan)
    await signed_links(portal, call.viewer, case, footage, clips, reels, Viewing.SHARED_REVIEW)
    files = f"/workspace/cases/{case_id}/plans/{plan_id}/review"
    api_base = f"/workspace/api/cases/{case_id}"
    response = portal.render(
        call.request,
        "workspace/review.html",
        title=_("Shared review"),
        plan=plan,
        clips=clips,
        data={
            "plan_id": str(plan_id),
            "shown": plan["status"] == "shown",
            "downloads_allowed": policy["downloads_allowed"],
            "clips": [
                {**{k: c[k] for k in ("moment_id", "question", "kind")}, "url": c.get("url")}
                for c in clips
            ],
            "reels": [{"footage_id": r["footage_id"], "url": r.get("url")} for r in reels],
            "urls": {
                "files": files,
                "offline": f"{api_base}/feedback-plans/{plan_id}/offline-copy",
                "record": f"{api_base}/shared-reviews",
                "done": f"/workspace/cases/{case_id}",
            },
        },
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@pages.get("/review/clips/{moment_id}", summary="A clip's bytes, for an offline copy")
async def clip_file(case_id: UUID, plan_id: UUID, moment_id: UUID, call: PageCall) -> Response:
    return await _download(call, case_id, plan_id, str(moment_id))


@pages.get("/review/reels/{footage_id}", summary="A reel's bytes, for an offline copy")
async def reel_file(case_id: UUID, plan_id: UUID, footage_id: UUID, call: PageCall) -> Response:
    return await _download(call, case_id, plan_id, f"reel:{footage_id}")


async def _download(call: WorkspaceCall, case_id: UUID, plan_id: UUID, which: str) -> Response:
    planner, portal, caller = call.planner, call.portal, call.caller
    policy = page_data(await planner.get(caller, f"/cases/{case_id}/offline-policy"), "policy")
    if not policy["downloads_allowed"]:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail=_(NO_DOWNLOADS))
    case, plan, moments, footage = await plan_parts(planner, caller, case_id, plan_id)
    found = _object_of(plan, moments, which)
    media = (footage.get(found[0]) or {}).get("media") if found else None
    if found is None or media is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=_("This clip has not been made."))
    subject = f"feedback plan {plan_id} {which}"
    await viewed_in_case(portal, call.viewer, Viewing.FOOTAGE_DOWNLOAD, subject, case)
    chunks = _object_chunks(portal, media["bucket"], found[1])
    return StreamingResponse(
        iterate_in_threadpool(chunks),
        media_type="video/mp4",
        headers={"Cache-Control": "private, no-store"},
    )


def _object_of(plan: dict[str, Any], moments: dict[str, Any], which: str) -> tuple[str, str] | None:
    """(footage id, object key) of a made clip (`which` a moment id) or reel ("reel:<id>")."""
    pieces = [(c["moment_id"], c["footage_id"], c["key"]) for c in clips_of(plan, moments)]
    pieces += [
        (f"reel:{r['footage_id']}", r["footage_id"], r["reel_key"]) for r in latest_reels(plan)
    ]
    return next(((f, k) for name, f, k in pieces if name == which and k), None)


def _object_chunks(portal: Portal, bucket: str, key: str) -> Iterator[bytes]:
    response = portal.s3.get_object(bucket, key)
    try:
        yield from response.stream(CHUNK)
    finally:
        response.close()
        response.release_conn()


@api.post("/feedback-plans/{plan_id}/offline-copy", summary="The clips are kept offline")
async def prepared_offline(case_id: UUID, plan_id: UUID, call: ScriptCall) -> Response:
    return await call.forward("POST", f"/cases/{case_id}/feedback-plans/{plan_id}/offline-copy")


@api.post("/feedback-plans/{plan_id}/offline-copy/deletion", summary="The copy is deleted")
async def offline_copy_deleted(case_id: UUID, plan_id: UUID, call: ScriptCall) -> Response:
    path = f"/cases/{case_id}/feedback-plans/{plan_id}/offline-copy/deletion"
    return await call.send("POST", path)


@api.post("/shared-reviews", summary="Record the shared review", status_code=201)
async def record_review(case_id: UUID, call: ScriptCall) -> Response:
    return await call.forward("POST", f"/cases/{case_id}/sessions/shared-review")


router = APIRouter()
router.include_router(pages)
router.include_router(api)
