"""Keeping a plan's clips in a browser for a shared review without network, where the agency
allows it; and the browser's word that the copy is gone again."""

from __future__ import annotations

from uuid import UUID

from spin_contracts.events.review import FeedbackPlanOfflineCopyDeleted, FeedbackPlanPreparedOffline
from spincore.i18n import N_

from spin_planner.domain.commands.moments import OfflineCopy
from spin_planner.domain.errors import Conflict, Forbidden
from spin_planner.domain.tenancy import Access
from spin_planner.service.access import case_for, tenant_of
from spin_planner.service.plans import plan_row
from spin_planner.service.work import Work

NOT_ALLOWED = N_(
    "your agency does not allow footage to be kept on a device: the clips play over the network"
)


async def policy(work: Work, case_id: UUID) -> bool:
    """Whether the case's agency lets its clips be kept in a browser."""
    case = await case_for(work, case_id, Access.READ)
    return await work.directory.downloads_allowed(case.agency_id)


async def prepared_offline(work: Work, case_id: UUID, plan_id: UUID, copy: OfflineCopy) -> None:
    case = await case_for(work, case_id, Access.WRITE)
    if not await work.directory.downloads_allowed(case.agency_id):
        raise Forbidden(NOT_ALLOWED)
    plan = await plan_row(work, case_id, plan_id, lock=False)
    if plan.shown_in_session_id is not None:
        raise Conflict("this feedback plan was already shown: there is nothing to prepare")
    if not await work.plans.has_rendered_clips(plan_id):
        raise Conflict("the plan's clips are not ready yet: make them first")
    event = FeedbackPlanPreparedOffline(
        case_id=case_id,
        case_code=case.case_code,
        feedback_plan_id=plan_id,
        clip_count=copy.clip_count,
        reel=copy.reel,
    )
    await work.emit(event, tenant_of(case))


async def offline_copy_deleted(work: Work, case_id: UUID, plan_id: UUID) -> None:
    case = await case_for(work, case_id, Access.WRITE)
    await plan_row(work, case_id, plan_id, lock=False)
    event = FeedbackPlanOfflineCopyDeleted(
        case_id=case_id, case_code=case.case_code, feedback_plan_id=plan_id
    )
    await work.emit(event, tenant_of(case))
