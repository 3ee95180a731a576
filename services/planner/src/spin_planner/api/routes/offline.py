"""A plan's clips kept in the browser for a shared review without network (agency's choice)."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Response, status

from spin_planner.api.deps import Guide, PlannerDep
from spin_planner.domain.commands import moments as commands
from spin_planner.models.moments import OfflineCopy, OfflinePolicy
from spin_planner.service import offline

router = APIRouter(prefix="/cases/{case_id}", tags=["feedback plans"])
NO_CONTENT = status.HTTP_204_NO_CONTENT


@router.get("/offline-policy", summary="Whether this case's clips may be kept in a browser")
async def offline_policy(case_id: UUID, principal: Guide, planner: PlannerDep) -> OfflinePolicy:
    async with planner.read(principal) as work:
        return OfflinePolicy(downloads_allowed=await offline.policy(work, case_id))


@router.post(
    "/feedback-plans/{plan_id}/offline-copy",
    summary="Say that a browser saved the plan's clips for a visit without network",
    status_code=NO_CONTENT,
    response_class=Response,
)
async def prepared_offline(
    case_id: UUID, plan_id: UUID, copy: OfflineCopy, principal: Guide, planner: PlannerDep
) -> None:
    async with planner.work(principal) as work:
        await offline.prepared_offline(work, case_id, plan_id, copy.command(commands.OfflineCopy))


@router.post(
    "/feedback-plans/{plan_id}/offline-copy/deletion",
    summary="Say that the browser deleted its copy of the plan's clips",
    status_code=NO_CONTENT,
    response_class=Response,
)
async def offline_copy_deleted(
    case_id: UUID, plan_id: UUID, principal: Guide, planner: PlannerDep
) -> None:
    async with planner.work(principal) as work:
        await offline.offline_copy_deleted(work, case_id, plan_id)
