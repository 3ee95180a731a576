"""Clips marked for training: a practitioner marks a moment's rendered clip for use in training,
which needs the family's training consent; the footage lifecycle (transcode) erases the marked
clips when that consent is withdrawn or five years on, and `footage.erased` says so here."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from spin_contracts.events.consent import ConsentPurpose
from spin_contracts.events.training import ClipMarkedForTraining
from spincore.i18n import N_

from spin_planner.domain.errors import Conflict, NotFound
from spin_planner.domain.records import TrainingClip
from spin_planner.domain.tenancy import Access
from spin_planner.service.access import case_for, tenant_of
from spin_planner.service.work import Work

NO_CONSENT = N_(
    "the family has not consented to the use of this case's footage in training "
    "(or withdrew that consent): record a training consent before marking clips for training"
)


async def mark_for_training(work: Work, case_id: UUID, moment_id: UUID) -> TrainingClip:
    """Mark the moment's rendered clip; marking it again changes nothing."""
    case = await case_for(work, case_id, Access.WRITE)
    moment = await work.moments.get(case_id, moment_id, lock=False)
    if moment is None:
        raise NotFound("no such moment in this case")
    known = await work.training.marked(moment_id)
    if known is not None and known.erased_at is None:
        return known
    erased_on = await work.training.last_erased(moment.footage_id)
    if erased_on is not None:  # the lifecycle erases a footage's training clips once
        raise Conflict(
            "this footage's clips marked for training were erased on %(day)s; "
            "no more of its clips can be marked for training",
            day=f"{erased_on:%Y-%m-%d}",
        )
    if not await work.consents.holds(case_id, ConsentPurpose.TRAINING, work.now):
        raise Conflict(NO_CONSENT)
    key = await work.training.rendered_clip_key(moment.footage_id, moment_id)
    if key is None:
        raise Conflict("this moment has no rendered clip yet: request the plan's clips first")
    event = ClipMarkedForTraining(
        case_id=case_id,
        case_code=case.case_code,
        clip_id=moment_id,
        footage_id=moment.footage_id,
        marked_at=work.now,
    )
    fields = {
        "moment_id": moment_id,
        "case_id": case_id,
        "footage_id": moment.footage_id,
        "clip_key": key,
        "marked_by": work.principal.subject,
        "marked_at": work.now,
    }
    return await work.training.mark(fields, work.outgoing(event, tenant_of(case)))


async def list_training_clips(work: Work, case_id: UUID) -> Sequence[TrainingClip]:
    await case_for(work, case_id, Access.READ)
    return await work.training.of_case(case_id)
