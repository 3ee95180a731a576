"""Micro-analysis: marking and correcting moments on a case's footage."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from uuid import UUID, uuid4

from spin_contracts.events.analysis import MomentRemoved, MomentRevised
from spin_contracts.events.planner import MomentKind
from spincore.i18n import N_

from spin_planner.domain import timeline
from spin_planner.domain.commands.moments import MomentEdit, NewMoment
from spin_planner.domain.concurrency import check_current
from spin_planner.domain.cycle_events import moment_marked
from spin_planner.domain.cycle_records import Case
from spin_planner.domain.errors import Conflict, Forbidden, InvalidInput
from spin_planner.domain.principles import canonical_tags
from spin_planner.domain.records import Moment
from spin_planner.domain.tenancy import Access
from spin_planner.service import blind
from spin_planner.service.access import case_for, part_of_case, tenant_of
from spin_planner.service.work import Work


async def _footage_duration(work: Work, case: Case, footage_id: UUID) -> float:
    footage = await work.moments.footage_length(case.agency_id, case.case_code, footage_id)
    if footage is None:
        raise InvalidInput("no such footage for this case", field="footage_id")
    if footage.duration_s is None:
        raise Conflict(
            "the footage is %(status)s, not transcoded yet: its length is unknown, "
            "so moments cannot be checked against it",
            status=footage.status,
        )
    return float(footage.duration_s)


async def marked_in_case(
    work: Work, case_id: UUID, moment_ids: list[UUID], field: str
) -> list[Moment]:
    """The moments `moment_ids` of the case, in their order; InvalidInput on `field` naming
    those not marked in it."""
    found = {moment.id: moment for moment in await work.moments.in_case(case_id, moment_ids)}
    missing = [str(m) for m in moment_ids if m not in found]
    if missing:
        raise InvalidInput(
            "these moments are not marked in this case: %(moments)s",
            field=field,
            moments=", ".join(missing),
        )
    return [found[m] for m in moment_ids]


async def _check_question(work: Work, case_id: UUID, question_id: UUID | None) -> None:
    if question_id is None:
        return
    if await work.questions.get(case_id, question_id, lock=False) is None:
        raise InvalidInput("no such helping question for this case", field="helping_question_id")


async def mark_moment(work: Work, case_id: UUID, new: NewMoment) -> Moment:
    case = await case_for(work, case_id, Access.WRITE)
    timeline.moment_within_footage(
        new.start_s, new.end_s, await _footage_duration(work, case, new.footage_id)
    )
    principles = canonical_tags(new.principles, field="principles")
    await _check_question(work, case_id, new.helping_question_id)
    moment_id = uuid4()
    event = moment_marked(case_id, case.case_code, moment_id, new, principles)
    fields = {**asdict(new), "principles": principles, "kind": new.kind.value}
    return await work.moments.mark(
        {"id": moment_id, "case_id": case_id, **fields}, work.outgoing(event, tenant_of(case))
    )


async def revise_moment(
    work: Work, case_id: UUID, moment_id: UUID, version: int, edit: MomentEdit
) -> Moment:
    case = await case_for(work, case_id, Access.WRITE)
    moment = await _moment(work, case_id, moment_id, lock=True)
    check_current(version, moment.version)
    changes = {name: getattr(edit, name) for name in edit.given}
    if edit.kind is not None:
        changes["kind"] = edit.kind.value
    if "principles" in changes:
        changes["principles"] = canonical_tags(edit.principles or [], field="principles")
    start_s = changes.get("start_s", moment.start_s)
    end_s = changes.get("end_s", moment.end_s)
    timeline.moment_within_footage(
        start_s,
        end_s,
        await _footage_duration(work, case, moment.footage_id),
        # The order is wrong in what was changed: that field gets the message.
        order_field="end_s" if "end_s" in changes else "start_s",
    )
    await _check_question(work, case_id, changes.get("helping_question_id"))
    revised = await work.moments.revise(moment_id, changes)
    event = MomentRevised(
        case_id=case_id,
        case_code=case.case_code,
        moment_id=moment_id,
        footage_id=revised.footage_id,
        start_s=revised.start_s,
        end_s=revised.end_s,
        principles=revised.principles,
        kind=MomentKind(revised.kind),
        helping_question_id=revised.helping_question_id,
    )
    await work.emit(event, tenant_of(case))
    return revised


async def remove_moment(work: Work, case_id: UUID, moment_id: UUID, version: int) -> None:
    """Take back a moment no feedback plan or shared review uses (they keep what they show)."""
    case = await case_for(work, case_id, Access.WRITE)
    moment = await _moment(work, case_id, moment_id, lock=True)
    check_current(version, moment.version)
    # Plans and reviews are written under the case's lock, which `case_for` holds here too.
    await _not_shown_or_planned(work, case_id, moment_id)
    await work.moments.remove(moment_id)
    event = MomentRemoved(
        case_id=case_id,
        case_code=case.case_code,
        moment_id=moment_id,
        footage_id=moment.footage_id,
    )
    await work.emit(event, tenant_of(case))


async def _not_shown_or_planned(work: Work, case_id: UUID, moment_id: UUID) -> None:
    review = await work.moments.first_review_showing(case_id, moment_id)
    if review is not None:
        raise Conflict(
            "this moment was shown in the shared review of %(day)s: what a family "
            "was shown stays on record, so it cannot be removed",
            day=f"{review:%Y-%m-%d}",
        )
    plan = await work.moments.plan_using(case_id, moment_id)
    if plan is not None and plan.shown:
        raise Conflict(
            "this moment is in feedback plan %(plan)s, which was already shown: what a "
            "family was shown stays on record, so it cannot be removed",
            plan=plan.plan_id,
        )
    if plan is not None:
        raise Conflict(
            "this moment is in the prepared feedback plan %(plan)s: take it out of that "
            "plan first, then remove it",
            plan=plan.plan_id,
        )


async def _moment(work: Work, case_id: UUID, moment_id: UUID, *, lock: bool) -> Moment:
    missing = N_("no such moment for this case")
    return await part_of_case(work.moments.get(case_id, moment_id, lock=lock), missing)


async def read_moment(work: Work, case_id: UUID, moment_id: UUID) -> Moment:
    case = await case_for(work, case_id, Access.READ)
    coder = blind.blind_coder(work, case)
    if coder is not None and await work.moments.seen_by(coder, moment_id) is False:
        raise Forbidden(blind.HIDDEN)
    return await _moment(work, case_id, moment_id, lock=False)


async def list_moments(
    work: Work,
    case_id: UUID,
    *,
    footage_id: UUID | None,
    kind: MomentKind | None,
    limit: int,
    offset: int,
) -> tuple[Sequence[Moment], int]:
    case = await case_for(work, case_id, Access.READ)
    coder = blind.blind_coder(work, case)
    kind_name = None if kind is None else kind.value
    return await work.moments.page(case_id, coder, footage_id, kind_name, limit, offset)
