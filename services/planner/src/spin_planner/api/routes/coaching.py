"""Coaching of an apprentice on their footage: comments, the supervisor's coding, agreement."""

from __future__ import annotations

from dataclasses import fields
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Response, status

from spin_planner.api.deps import Guide, PlannerDep
from spin_planner.domain.commands import coaching as commands
from spin_planner.domain.records import Agreement
from spin_planner.models.coaching import (
    AgreementView,
    CodedMomentView,
    CodingDone,
    CodingView,
    CommentView,
    NewCodedMoment,
    NewComment,
)
from spin_planner.service import coaching, coding

router = APIRouter(tags=["coaching"])
FOOTAGE = "/cases/{case_id}/footage/{footage_id}"
CREATED = status.HTTP_201_CREATED


def agreement_view(agreement: Agreement) -> AgreementView:
    """The agreement as a screen shows it: each figure with the reason it has no kappa."""
    values = {field.name: getattr(agreement, field.name) for field in fields(agreement)}
    figures = [figure.model_dump() for figure in agreement.figures]
    return AgreementView.model_validate({**values, "figures": figures})


@router.post(f"{FOOTAGE}/comments", summary="Comment on a time of the footage", status_code=CREATED)
async def post_comment(
    case_id: UUID, footage_id: UUID, new: NewComment, principal: Guide, planner: PlannerDep
) -> CommentView:
    async with planner.work(principal) as work:
        return CommentView.model_validate(
            await coaching.post_comment(work, case_id, footage_id, new.command(commands.NewComment))
        )


@router.get(f"{FOOTAGE}/comments", summary="Coaching comments on the footage, by time")
async def list_comments(
    case_id: UUID, footage_id: UUID, principal: Guide, planner: PlannerDep
) -> list[CommentView]:
    async with planner.read(principal) as work:
        return [
            CommentView.model_validate(r)
            for r in await coaching.list_comments(work, case_id, footage_id)
        ]


@router.get("/coaching-comments", summary="Newest comments of my coaching (either side)")
async def my_comments(
    principal: Guide, planner: PlannerDep, limit: Annotated[int, Query(ge=1, le=200)] = 50
) -> list[CommentView]:
    async with planner.read(principal) as work:
        return [CommentView.model_validate(r) for r in await coaching.my_comments(work, limit)]


@router.get(f"{FOOTAGE}/coding", summary="Where the two codings of the footage stand")
async def coding_state(
    case_id: UUID, footage_id: UUID, principal: Guide, planner: PlannerDep
) -> CodingView:
    async with planner.read(principal) as work:
        return CodingView.model_validate(await coding.coding_state(work, case_id, footage_id))


@router.post(
    f"{FOOTAGE}/coding/moments", summary="The supervisor codes a moment", status_code=CREATED
)
async def code_moment(
    case_id: UUID, footage_id: UUID, new: NewCodedMoment, principal: Guide, planner: PlannerDep
) -> CodedMomentView:
    async with planner.work(principal) as work:
        return CodedMomentView.model_validate(
            await coding.code_moment(
                work, case_id, footage_id, new.command(commands.NewCodedMoment)
            )
        )


@router.post(
    f"{FOOTAGE}/coding/moments/{{moment_id}}/withdraw",
    summary="The supervisor takes a coded moment back (before finishing)",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
)
async def uncode_moment(
    case_id: UUID, footage_id: UUID, moment_id: UUID, principal: Guide, planner: PlannerDep
) -> None:
    async with planner.work(principal) as work:
        await coding.uncode_moment(work, case_id, footage_id, moment_id)


@router.post(f"{FOOTAGE}/coding/done", summary="Declare my coding of the footage finished")
async def finish_coding(
    case_id: UUID, footage_id: UUID, done: CodingDone, principal: Guide, planner: PlannerDep
) -> CodingView:
    async with planner.work(principal) as work:
        return CodingView.model_validate(
            await coding.finish_coding(work, case_id, footage_id, done.command(commands.CodingDone))
        )


@router.post(
    f"{FOOTAGE}/coding/see-apprentice-moments",
    summary="The supervisor sees the apprentice's moments instead of coding blind",
)
async def see_apprentice_moments(
    case_id: UUID, footage_id: UUID, principal: Guide, planner: PlannerDep
) -> CodingView:
    async with planner.work(principal) as work:
        return CodingView.model_validate(
            await coding.see_apprentice_moments(work, case_id, footage_id)
        )


@router.get(f"{FOOTAGE}/agreement", summary="Agreement of the two codings, per principle")
async def read_agreement(
    case_id: UUID,
    footage_id: UUID,
    principal: Guide,
    planner: PlannerDep,
    slice_s: Annotated[float | None, Query(gt=0, le=60, description="slice length, s")] = None,
) -> AgreementView:
    async with planner.read(principal) as work:
        return agreement_view(await coding.read_agreement(work, case_id, footage_id, slice_s))
