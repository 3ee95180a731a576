"""Helping questions: recorded at intake and later, their words stay in the planner."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from uuid import UUID, uuid4

from spin_contracts.events.planner import HelpingQuestionStatus, HelpingQuestionUpdated
from spincore.i18n import N_

from spin_planner.domain import timeline
from spin_planner.domain.commands.cases import HelpingQuestionEdit, NewHelpingQuestion
from spin_planner.domain.concurrency import check_current
from spin_planner.domain.cycle_events import question_recorded
from spin_planner.domain.records import HelpingQuestion
from spin_planner.domain.tenancy import Access
from spin_planner.service.access import as_read, case_for, part_of_case, tenant_of
from spin_planner.service.work import Outdated, Work


async def record_question(work: Work, case_id: UUID, new: NewHelpingQuestion) -> HelpingQuestion:
    case = await case_for(work, case_id, Access.WRITE)
    timeline.case_is_open(case.closed_on, action="record a helping question")
    timeline.not_in_future(
        new.recorded_at, work.now, what="the helping question", field="recorded_at"
    )
    timeline.not_before_opening(
        new.recorded_at, case.opened_on, what="the helping question", field="recorded_at"
    )
    question_id = uuid4()
    event = question_recorded(case_id, case.case_code, question_id, new.recorded_at)
    fields = {"id": question_id, "case_id": case_id, "status": HelpingQuestionStatus.OPEN.value}
    question = await work.questions.add(
        {**fields, **asdict(new)}, work.outgoing(event, tenant_of(case)), as_read(case)
    )
    if question is None:
        raise Outdated
    return question


async def edit_question(
    work: Work, case_id: UUID, question_id: UUID, version: int, edit: HelpingQuestionEdit
) -> HelpingQuestion:
    case = await case_for(work, case_id, Access.WRITE)
    question = await _question(work, case_id, question_id, lock=True)
    check_current(version, question.version)
    changes = {name: value for name, value in asdict(edit).items() if value is not None}
    revised = await work.questions.revise(question_id, changes)
    if edit.status is not None and edit.status != question.status:
        event = HelpingQuestionUpdated(
            case_id=case_id,
            case_code=case.case_code,
            helping_question_id=question_id,
            status=edit.status,
            updated_at=work.now,
        )
        await work.emit(event, tenant_of(case))
    return revised


async def _question(work: Work, case_id: UUID, question_id: UUID, *, lock: bool) -> HelpingQuestion:
    missing = N_("no such helping question for this case")
    return await part_of_case(work.questions.get(case_id, question_id, lock=lock), missing)


async def read_question(work: Work, case_id: UUID, question_id: UUID) -> HelpingQuestion:
    await case_for(work, case_id, Access.READ)
    return await _question(work, case_id, question_id, lock=False)


async def list_questions(work: Work, case_id: UUID) -> Sequence[HelpingQuestion]:
    await case_for(work, case_id, Access.READ)
    return await work.questions.of_case(case_id)
