"""Legal holds on a case's footage (agency admins)."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, status

from spin_planner.api.deps import AgencyManager, PlannerDep
from spin_planner.domain.commands.cases import NewHold as Hold
from spin_planner.models.holds import HoldView, NewHold
from spin_planner.service import holds

router = APIRouter(tags=["legal holds"])
REFUSALS: dict[int | str, dict[str, str]] = {
    403: {"description": "the caller is not an admin of the case's agency"},
    404: {"description": "no such case (or hold) for the caller"},
}


@router.post(
    "/cases/{case_id}/legal-holds",
    status_code=status.HTTP_201_CREATED,
    summary="Suspend erasure of the case's footage, with a reason",
    responses=REFUSALS,
)
async def place_hold(
    case_id: UUID, new: NewHold, principal: AgencyManager, planner: PlannerDep
) -> HoldView:
    async with planner.work(principal) as work:
        return HoldView.model_validate(await holds.place_hold(work, case_id, new.command(Hold)))


@router.get(
    "/cases/{case_id}/legal-holds",
    summary="Legal holds of a case, oldest first",
    responses=REFUSALS,
)
async def list_holds(
    case_id: UUID, principal: AgencyManager, planner: PlannerDep
) -> list[HoldView]:
    async with planner.read(principal) as work:
        return [HoldView.model_validate(r) for r in await holds.list_holds(work, case_id)]


@router.post(
    "/cases/{case_id}/legal-holds/{hold_id}/lift",
    summary="Lift a legal hold: due erasures run at the next pass",
    responses={**REFUSALS, 409: {"description": "the hold was lifted already"}},
)
async def lift_hold(
    case_id: UUID, hold_id: UUID, principal: AgencyManager, planner: PlannerDep
) -> HoldView:
    async with planner.work(principal) as work:
        return HoldView.model_validate(await holds.lift_hold(work, case_id, hold_id))
