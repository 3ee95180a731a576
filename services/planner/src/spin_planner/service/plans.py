"""Feedback plans: the ordered moments for the next shared review, and their clips."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any
from uuid import UUID, uuid4

from spin_contracts.events.analysis import FeedbackPlanPrepared, FeedbackPlanRevised
from spin_contracts.events.footage import ClipRequested, ClipSegment
from spincore.i18n import N_

from spin_planner.domain.commands.moments import ClipOrder, FeedbackPlanEdit, NewFeedbackPlan
from spin_planner.domain.concurrency import check_current
from spin_planner.domain.cycle_records import FeedbackPlan
from spin_planner.domain.errors import Conflict, InvalidInput
from spin_planner.domain.plans import has_moments, reel_fits
from spin_planner.domain.principles import canonical_tags
from spin_planner.domain.records import Moment
from spin_planner.domain.tenancy import Access
from spin_planner.service import blind
from spin_planner.service.access import case_for, part_of_case, tenant_of
from spin_planner.service.moments import marked_in_case
from spin_planner.service.work import Work


async def _moments_of_case(work: Work, case_id: UUID, moment_ids: list[UUID]) -> list[Moment]:
    has_moments(moment_ids)
    if len(set(moment_ids)) != len(moment_ids):
        raise InvalidInput("a moment appears twice in the plan", field="moment_ids")
    return await marked_in_case(work, case_id, moment_ids, "moment_ids")


async def prepare_plan(work: Work, case_id: UUID, new: NewFeedbackPlan) -> FeedbackPlan:
    case = await case_for(work, case_id, Access.WRITE)
    await _moments_of_case(work, case_id, new.moment_ids)
    principles = canonical_tags(new.principles_in_focus, field="principles_in_focus")
    plan_id = uuid4()
    event = FeedbackPlanPrepared(
        case_id=case_id,
        case_code=case.case_code,
        feedback_plan_id=plan_id,
        moment_ids=new.moment_ids,
        principles_in_focus=principles,
    )
    fields = {
        "id": plan_id,
        "case_id": case_id,
        "moment_ids": new.moment_ids,
        "principles_in_focus": principles,
        "questions": new.questions,
    }
    return await work.plans.prepare(fields, work.outgoing(event, tenant_of(case)))


async def revise_plan(
    work: Work, case_id: UUID, plan_id: UUID, version: int, edit: FeedbackPlanEdit
) -> FeedbackPlan:
    case = await case_for(work, case_id, Access.WRITE)
    plan = await plan_row(work, case_id, plan_id, lock=True)
    if plan.shown_in_session_id is not None:
        raise Conflict("this feedback plan was already shown; prepare a new one")
    check_current(version, plan.version)
    changes: dict[str, Any] = {}
    if edit.moment_ids is not None:
        await _moments_of_case(work, case_id, edit.moment_ids)
        changes["moment_ids"] = edit.moment_ids
    if edit.principles_in_focus is not None:
        changes["principles_in_focus"] = canonical_tags(
            edit.principles_in_focus, field="principles_in_focus"
        )
    if edit.questions is not None:
        changes["questions"] = edit.questions
    revised = await work.plans.revise(plan_id, changes)
    event = FeedbackPlanRevised(
        case_id=case_id,
        case_code=case.case_code,
        feedback_plan_id=plan_id,
        moment_ids=revised.moment_ids,
        principles_in_focus=revised.principles_in_focus,
    )
    await work.emit(event, tenant_of(case))
    return replace(revised, clip_requests=await work.plans.clip_requests(plan_id))


async def request_clips(
    work: Work,
    case_id: UUID,
    plan_id: UUID,
    order: ClipOrder,
    reel_limit_s: float,
    language: str = "en",
) -> FeedbackPlan:
    """One clip.requested per footage the plan's moments come from, in the plan's order; the
    reel's title cards in `language`."""
    case = await case_for(work, case_id, Access.WRITE)
    plan = await plan_row(work, case_id, plan_id, lock=True)
    moments = await _moments_of_case(work, case_id, plan.moment_ids)
    reel_fits(((m.start_s, m.end_s) for m in moments), reel_limit_s)
    by_footage: dict[UUID, list[Moment]] = {}
    for moment in moments:
        by_footage.setdefault(moment.footage_id, []).append(moment)
    for footage_id, footage_moments in by_footage.items():
        request_id = uuid4()
        await work.plans.request_clips(
            {
                "id": request_id,
                "case_id": case_id,
                "feedback_plan_id": plan_id,
                "footage_id": footage_id,
                "moment_ids": [m.id for m in footage_moments],
                "reel": order.reel,
                "reel_title": order.reel_title,
                "status": "requested",
                "clip_keys": [],
            }
        )
        event = ClipRequested(
            request_id=request_id,
            footage_id=footage_id,
            case_code=case.case_code,
            feedback_plan_id=plan_id,
            clips=[
                ClipSegment(clip_id=m.id, start_s=m.start_s, end_s=m.end_s) for m in footage_moments
            ],
            reel=order.reel,
            language=language,
        )
        await work.emit(event, tenant_of(case))
    return await _with_clips(work, plan)


async def plan_row(work: Work, case_id: UUID, plan_id: UUID, *, lock: bool) -> FeedbackPlan:
    """The plan of the case, without its clip requests."""
    missing = N_("no such feedback plan for this case")
    return await part_of_case(work.plans.get(case_id, plan_id, lock=lock), missing)


async def _with_clips(work: Work, plan: FeedbackPlan) -> FeedbackPlan:
    return replace(plan, clip_requests=await work.plans.clip_requests(plan.id))


async def read_plan(work: Work, case_id: UUID, plan_id: UUID) -> FeedbackPlan:
    case = await case_for(work, case_id, Access.READ)
    plan = await plan_row(work, case_id, plan_id, lock=False)
    seen = await _with_clips(work, plan)
    return (await blind.plans_as_seen(work, case, [seen]))[0]


async def list_plans(work: Work, case_id: UUID) -> Sequence[FeedbackPlan]:
    case = await case_for(work, case_id, Access.READ)
    plans = await work.plans.of_case(case_id)
    return await blind.plans_as_seen(work, case, plans)
