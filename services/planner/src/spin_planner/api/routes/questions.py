"""Helping questions."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Response, status

from spin_planner.api.deps import Guide, IfMatch, PlannerDep, tagged
from spin_planner.domain.commands import cases as commands
from spin_planner.domain.concurrency import expected_version
from spin_planner.models.questions import (
    HelpingQuestionEdit,
    HelpingQuestionView,
    NewHelpingQuestion,
)
from spin_planner.service import questions

router = APIRouter(tags=["helping questions"], prefix="/cases/{case_id}/helping-questions")


@router.post("", status_code=status.HTTP_201_CREATED, summary="Record a helping question")
async def record_question(
    case_id: UUID,
    new: NewHelpingQuestion,
    principal: Guide,
    planner: PlannerDep,
    response: Response,
) -> HelpingQuestionView:
    command = new.command(commands.NewHelpingQuestion)
    question = await planner.append(
        principal, lambda work: questions.record_question(work, case_id, command)
    )
    return tagged(response, HelpingQuestionView, question)


@router.get("", summary="Helping questions of a case, oldest first")
async def list_questions(
    case_id: UUID, principal: Guide, planner: PlannerDep
) -> list[HelpingQuestionView]:
    async with planner.read(principal) as work:
        return [
            HelpingQuestionView.model_validate(r)
            for r in await questions.list_questions(work, case_id)
        ]


@router.get("/{question_id}", summary="One helping question")
async def read_question(
    case_id: UUID, question_id: UUID, principal: Guide, planner: PlannerDep, response: Response
) -> HelpingQuestionView:
    async with planner.read(principal) as work:
        question = await questions.read_question(work, case_id, question_id)
    return tagged(response, HelpingQuestionView, question)


@router.patch("/{question_id}", summary="Change words, goals or status (needs If-Match)")
async def edit_question(
    case_id: UUID,
    question_id: UUID,
    edit: HelpingQuestionEdit,
    principal: Guide,
    planner: PlannerDep,
    response: Response,
    if_match: IfMatch = None,
) -> HelpingQuestionView:
    version = expected_version(if_match)
    async with planner.work(principal) as work:
        question = await questions.edit_question(
            work, case_id, question_id, version, edit.command(commands.HelpingQuestionEdit)
        )
    return tagged(response, HelpingQuestionView, question)
