"""JSON for the coaching scripts of the player: comments, the supervisor's coding, agreement.

The planner decides who takes part (the apprentice and their supervisor, under supervision
consent); its answers and refusals are passed on as they are.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response

from spin_portal.web.deps import ViewerDep
from spin_portal.web.workspace_deps import PlannerDep, ScriptViewerDep, json_body, person, relayed

router = APIRouter(prefix="/workspace/api/cases/{case_id}/footage/{footage_id}", tags=["coaching"])


def _path(case_id: UUID, footage_id: UUID, part: str) -> str:
    return f"/cases/{case_id}/footage/{footage_id}/{part}"


def _fresh(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/comments", summary="Coaching comments on the footage")
async def comments(
    case_id: UUID, footage_id: UUID, request: Request, viewer: ViewerDep, planner: PlannerDep
) -> Response:
    path = _path(case_id, footage_id, "comments")
    return _fresh(relayed(await planner.get(person(request, viewer), path)))


@router.post("/comments", summary="Comment on a time of the footage, or reply", status_code=201)
async def post_comment(
    case_id: UUID, footage_id: UUID, request: Request, viewer: ScriptViewerDep, planner: PlannerDep
) -> Response:
    body = await json_body(request)
    path = _path(case_id, footage_id, "comments")
    return relayed(await planner.call(person(request, viewer), "POST", path, json=body))


@router.get("/coding", summary="Where the two codings of the footage stand")
async def coding(
    case_id: UUID, footage_id: UUID, request: Request, viewer: ViewerDep, planner: PlannerDep
) -> Response:
    path = _path(case_id, footage_id, "coding")
    return _fresh(relayed(await planner.get(person(request, viewer), path)))


@router.post("/coding/moments", summary="The supervisor codes a moment", status_code=201)
async def code_moment(
    case_id: UUID, footage_id: UUID, request: Request, viewer: ScriptViewerDep, planner: PlannerDep
) -> Response:
    body = await json_body(request)
    path = _path(case_id, footage_id, "coding/moments")
    return relayed(await planner.call(person(request, viewer), "POST", path, json=body))


@router.post("/coding/moments/{moment_id}/withdraw", summary="Take a coded moment back")
async def uncode_moment(
    case_id: UUID,
    footage_id: UUID,
    moment_id: UUID,
    request: Request,
    viewer: ScriptViewerDep,
    planner: PlannerDep,
) -> Response:
    path = _path(case_id, footage_id, f"coding/moments/{moment_id}/withdraw")
    return relayed(await planner.call(person(request, viewer), "POST", path))


@router.post("/coding/done", summary="Declare my coding finished")
async def finish_coding(
    case_id: UUID, footage_id: UUID, request: Request, viewer: ScriptViewerDep, planner: PlannerDep
) -> Response:
    body = await json_body(request)
    path = _path(case_id, footage_id, "coding/done")
    return relayed(await planner.call(person(request, viewer), "POST", path, json=body))


@router.post("/coding/see-apprentice-moments", summary="See the apprentice's moments, not blind")
async def see_apprentice_moments(
    case_id: UUID, footage_id: UUID, request: Request, viewer: ScriptViewerDep, planner: PlannerDep
) -> Response:
    path = _path(case_id, footage_id, "coding/see-apprentice-moments")
    return relayed(await planner.call(person(request, viewer), "POST", path))


@router.get("/agreement", summary="Agreement of the two codings, per principle")
async def agreement(
    case_id: UUID,
    footage_id: UUID,
    request: Request,
    viewer: ViewerDep,
    planner: PlannerDep,
    slice_s: Annotated[float | None, Query(gt=0, le=60)] = None,
) -> Response:
    path = _path(case_id, footage_id, "agreement")
    answer = await planner.get(person(request, viewer), path, slice_s=slice_s)
    return _fresh(relayed(answer))
