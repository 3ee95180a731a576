"""Clips marked for use in training (practitioners, under the case's training consent)."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from spin_planner.api.deps import Guide, PlannerDep
from spin_planner.models.training import TrainingClipView
from spin_planner.service import training

router = APIRouter(prefix="/cases/{case_id}", tags=["training clips"])


@router.post(
    "/moments/{moment_id}/training",
    summary="Mark the moment's rendered clip for use in training (needs a training consent)",
    responses={
        404: {"description": "no such case or moment for the caller"},
        409: {"description": "no training consent, no rendered clip, or the clip was erased"},
    },
)
async def mark_for_training(
    case_id: UUID, moment_id: UUID, principal: Guide, planner: PlannerDep
) -> TrainingClipView:
    async with planner.work(principal) as work:
        return TrainingClipView.model_validate(
            await training.mark_for_training(work, case_id, moment_id)
        )


@router.get(
    "/training-clips",
    summary="The case's clips marked for training, and when the lifecycle erased them",
    responses={404: {"description": "no such case for the caller"}},
)
async def list_training_clips(
    case_id: UUID, principal: Guide, planner: PlannerDep
) -> list[TrainingClipView]:
    async with planner.read(principal) as work:
        return [
            TrainingClipView.model_validate(r)
            for r in await training.list_training_clips(work, case_id)
        ]
