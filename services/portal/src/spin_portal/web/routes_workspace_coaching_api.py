"""JSON for the coaching scripts of the player: comments, the supervisor's coding, agreement.

The planner decides who takes part (the apprentice and their supervisor, under supervision
consent); its answers and refusals are passed on as they are.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Response

from spin_portal.web.workspace_calls import PageCall, ScriptCall

router = APIRouter(prefix="/workspace/api/cases/{case_id}/footage/{footage_id}", tags=["coaching"])


def _path(case_id: UUID, footage_id: UUID, part: str) -> str:
    return f"/cases/{case_id}/footage/{footage_id}/{part}"


@router.get("/comments", summary="Coaching comments on the footage")
async def comments(case_id: UUID, footage_id: UUID, call: PageCall) -> Response:
    return await call.read(_path(case_id, footage_id, "comments"))


@router.post("/comments", summary="Comment on a time of the footage, or reply", status_code=201)
async def post_comment(case_id: UUID, footage_id: UUID, call: ScriptCall) -> Response:
    return await call.forward("POST", _path(case_id, footage_id, "comments"))


@router.get("/coding", summary="Where the two codings of the footage stand")
async def coding(case_id: UUID, footage_id: UUID, call: PageCall) -> Response:
    return await call.read(_path(case_id, footage_id, "coding"))


@router.post("/coding/moments", summary="The supervisor codes a moment", status_code=201)
async def code_moment(case_id: UUID, footage_id: UUID, call: ScriptCall) -> Response:
    return await call.forward("POST", _path(case_id, footage_id, "coding/moments"))


@router.post("/coding/moments/{moment_id}/withdraw", summary="Take a coded moment back")
async def uncode_moment(
    case_id: UUID, footage_id: UUID, moment_id: UUID, call: ScriptCall
) -> Response:
    path = _path(case_id, footage_id, f"coding/moments/{moment_id}/withdraw")
    return await call.send("POST", path)


@router.post("/coding/done", summary="Declare my coding finished")
async def finish_coding(case_id: UUID, footage_id: UUID, call: ScriptCall) -> Response:
    return await call.forward("POST", _path(case_id, footage_id, "coding/done"))


@router.post("/coding/see-apprentice-moments", summary="See the apprentice's moments, not blind")
async def see_apprentice_moments(case_id: UUID, footage_id: UUID, call: ScriptCall) -> Response:
    return await call.send("POST", _path(case_id, footage_id, "coding/see-apprentice-moments"))


@router.get("/agreement", summary="Agreement of the two codings, per principle")
async def agreement(
    case_id: UUID,
    footage_id: UUID,
    call: PageCall,
    slice_s: Annotated[float | None, Query(gt=0, le=60)] = None,
) -> Response:
    return await call.read(_path(case_id, footage_id, "agreement"), slice_s=slice_s)
