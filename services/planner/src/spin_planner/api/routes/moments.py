"""Moments (micro-analysis) and feedback plans."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Header, Response, status
from spin_contracts.events.planner import MomentKind

from spin_planner.api.deps import Guide, IfMatch, Limit, Offset, PlannerDep, tagged
from spin_planner.api.errors import CATALOGS
from spin_planner.domain.commands import moments as commands
from spin_planner.domain.concurrency import expected_version
from spin_planner.models import Page, page_of
from spin_planner.models.moments import (
    ClipOrder,
    FeedbackPlanEdit,
    FeedbackPlanView,
    MomentEdit,
    MomentView,
    NewFeedbackPlan,
    NewMoment,
)
from spin_planner.service import moments, plans

router = APIRouter(prefix="/cases/{case_id}")
CREATED = status.HTTP_201_CREATED


@router.post(
    "/moments", summary="Mark a moment on the footage", tags=["moments"], status_code=CREATED
)
async def mark_moment(
    case_id: UUID, new: NewMoment, principal: Guide, planner: PlannerDep, response: Response
) -> MomentView:
    async with planner.work(principal) as work:
        moment = await moments.mark_moment(work, case_id, new.command(commands.NewMoment))
    return tagged(response, MomentView, moment)


@router.get("/moments", summary="Moments of a case by footage and time", tags=["moments"])
async def list_moments(
    case_id: UUID,
    principal: Guide,
    planner: PlannerDep,
    footage_id: UUID | None = None,
    kind: MomentKind | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[MomentView]:
    async with planner.read(principal) as work:
        items, total = await moments.list_moments(
            work, case_id, footage_id=footage_id, kind=kind, limit=limit, offset=offset
        )
    return page_of(MomentView, items, total, limit, offset)


@router.get("/moments/{moment_id}", summary="One moment", tags=["moments"])
async def read_moment(
    case_id: UUID, moment_id: UUID, principal: Guide, planner: PlannerDep, response: Response
) -> MomentView:
    async with planner.read(principal) as work:
        moment = await moments.read_moment(work, case_id, moment_id)
    return tagged(response, MomentView, moment)


@router.patch("/moments/{moment_id}", summary="Correct a moment (needs If-Match)", tags=["moments"])
async def revise_moment(
    case_id: UUID,
    moment_id: UUID,
    edit: MomentEdit,
    principal: Guide,
    planner: PlannerDep,
    response: Response,
    if_match: IfMatch = None,
) -> MomentView:
    version = expected_version(if_match)
    revision = edit.command(commands.MomentEdit, given=frozenset(edit.model_fields_set))
    async with planner.work(principal) as work:
        moment = await moments.revise_moment(work, case_id, moment_id, version, revision)
    return tagged(response, MomentView, moment)


@router.delete(
    "/moments/{moment_id}",
    summary="Remove a moment no plan or review uses (needs If-Match)",
    tags=["moments"],
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
)
async def remove_moment(
    case_id: UUID,
    moment_id: UUID,
    principal: Guide,
    planner: PlannerDep,
    if_match: IfMatch = None,
) -> None:
    version = expected_version(if_match)
    async with planner.work(principal) as work:
        await moments.remove_moment(work, case_id, moment_id, version)


@router.post(
    "/feedback-plans",
    summary="Prepare a feedback plan",
    tags=["feedback plans"],
    status_code=CREATED,
)
async def prepare_plan(
    case_id: UUID,
    new: NewFeedbackPlan,
    principal: Guide,
    planner: PlannerDep,
    response: Response,
) -> FeedbackPlanView:
    async with planner.work(principal) as work:
        plan = await plans.prepare_plan(work, case_id, new.command(commands.NewFeedbackPlan))
    return tagged(response, FeedbackPlanView, plan)


@router.get("/feedback-plans", summary="Feedback plans of a case", tags=["feedback plans"])
async def list_plans(
    case_id: UUID, principal: Guide, planner: PlannerDep
) -> list[FeedbackPlanView]:
    async with planner.read(principal) as work:
        return [FeedbackPlanView.model_validate(p) for p in await plans.list_plans(work, case_id)]


@router.get(
    "/feedback-plans/{plan_id}",
    summary="One feedback plan with the status of its clips",
    tags=["feedback plans"],
)
async def read_plan(
    case_id: UUID, plan_id: UUID, principal: Guide, planner: PlannerDep, response: Response
) -> FeedbackPlanView:
    async with planner.read(principal) as work:
        plan = await plans.read_plan(work, case_id, plan_id)
    return tagged(response, FeedbackPlanView, plan)


@router.patch(
    "/feedback-plans/{plan_id}",
    summary="Change a plan before it is shown (needs If-Match)",
    tags=["feedback plans"],
)
async def revise_plan(
    case_id: UUID,
    plan_id: UUID,
    edit: FeedbackPlanEdit,
    principal: Guide,
    planner: PlannerDep,
    response: Response,
    if_match: IfMatch = None,
) -> FeedbackPlanView:
    version = expected_version(if_match)
    async with planner.work(principal) as work:
        plan = await plans.revise_plan(
            work, case_id, plan_id, version, edit.command(commands.FeedbackPlanEdit)
        )
    return tagged(response, FeedbackPlanView, plan)


@router.post(
    "/feedback-plans/{plan_id}/clip-requests",
    summary="Ask transcode for the plan's clips (and a reel)",
    tags=["feedback plans"],
    status_code=status.HTTP_202_ACCEPTED,
)
async def request_clips(
    case_id: UUID,
    plan_id: UUID,
    order: ClipOrder,
    principal: Guide,
    planner: PlannerDep,
    accept_language: Annotated[str | None, Header(max_length=500)] = None,
) -> FeedbackPlanView:
    limit_s = planner.reel_max_length_s
    # The reel's title cards speak the language the practitioner asked in.
    language = CATALOGS.language(accept_language)
    async with planner.work(principal) as work:
        return FeedbackPlanView.model_validate(
            await plans.request_clips(
                work, case_id, plan_id, order.command(commands.ClipOrder), limit_s, language
            )
        )
