"""Micro-analysis as use cases on in-memory stores: moments, their tags, feedback plans and
what a supervisor coding blind sees of them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from uuid import UUID, uuid4

import pytest
from spin_contracts.claims import Principal, Role
from spin_contracts.events.analysis import FeedbackPlanRevised, MomentRevised
from spin_contracts.events.consent import ConsentPurpose
from spin_contracts.events.planner import DeliverySetting, MomentKind
from spin_planner.domain.commands.cases import Caregiver, Child, NewCase, NewConsent
from spin_planner.domain.commands.moments import (
    FeedbackPlanEdit,
    MomentEdit,
    NewFeedbackPlan,
    NewMoment,
)
from spin_planner.domain.cycle_records import Case
from spin_planner.domain.errors import (
    Conflict,
    Forbidden,
    ImpossibleTimeline,
    InvalidInput,
    StaleVersion,
)
from spin_planner.domain.records import Moment
from spin_planner.service import cases, consent, moments, plans
from spin_planner.service.ports import FootageLength

from tests.unit.planner.fake_parts import NOW
from tests.unit.planner.fakes import AGENCY, World, harbor, who

DANA = who(Role.PRACTITIONER, "dana")
LEE = who(Role.SUPERVISOR, "lee")
FOOTAGE = UUID("00000000-0000-4000-8000-000000000001")
NEW = NewCase(
    delivery_setting=DeliverySetting.FOSTER_KINSHIP,
    caregivers=[Caregiver(relation="father")],
    children=[Child(age=3)],
    opened_on=date(2026, 2, 1),
)


async def filmed_case(world: World, *, duration_s: float | None = 600.0) -> Case:
    """A case whose footage FOOTAGE is transcoded (its length known) unless `duration_s`."""
    case = await cases.open_case(world.work(DANA), NEW)
    status = "transcoded" if duration_s else "uploaded"
    world.moments.footage[AGENCY, case.case_code, FOOTAGE] = FootageLength(status, duration_s)
    return case


def at(start_s: float, *tags: str) -> NewMoment:
    return NewMoment(
        footage_id=FOOTAGE,
        start_s=start_s,
        end_s=start_s + 5,
        principles=list(tags),
        kind=MomentKind.STRENGTH,
    )


async def marked(world: World, case: Case, *starts: float) -> list[Moment]:
    work = world.work(DANA)
    return [await moments.mark_moment(work, case.id, at(s, "taking_turns")) for s in starts]


async def listed(world: World, principal: Principal, case: Case) -> tuple[list[Moment], int]:
    found, total = await moments.list_moments(
        world.work(principal), case.id, footage_id=None, kind=None, limit=50, offset=0
    )
    return list(found), total


async def test_a_moment_is_tagged_with_canonical_principles() -> None:
    world = harbor()
    case = await filmed_case(world)
    new = at(12.0, "taking_turns", "receiving_initiatives", "taking_turns")
    moment = await moments.mark_moment(world.work(DANA), case.id, new)
    assert moment.principles == ["developing_attuned_interactions", "receiving_initiatives"]
    assert world.moments.rows[moment.id] == moment
    assert world.outbox.types()[-1] == "moment.marked"


async def test_a_moment_needs_known_tags_and_a_transcoded_footage_it_lies_within() -> None:
    world = harbor()
    case = await filmed_case(world)
    with pytest.raises(InvalidInput, match="is not a principle"):
        await moments.mark_moment(world.work(DANA), case.id, at(1.0, "being_nice"))
    with pytest.raises(ImpossibleTimeline):
        await moments.mark_moment(world.work(DANA), case.id, at(598.0, "taking_turns"))
    untranscoded = await filmed_case(world, duration_s=None)
    with pytest.raises(Conflict, match="not transcoded yet"):
        await moments.mark_moment(world.work(DANA), untranscoded.id, at(1.0, "taking_turns"))
    assert world.moments.rows == {}


async def test_retagging_a_moment_moves_its_version_and_announces_the_tags() -> None:
    world = harbor()
    case = await filmed_case(world)
    [moment] = await marked(world, case, 10.0)
    edit = MomentEdit(principles=["receiving_initiatives"], given=frozenset({"principles"}))
    revised = await moments.revise_moment(world.work(DANA), case.id, moment.id, 1, edit)
    assert (revised.principles, revised.version, revised.start_s) == (
        ["receiving_initiatives"],
        2,
        10.0,
    )
    event = world.outbox.staged[-1].event
    assert isinstance(event, MomentRevised)
    assert event.principles == ["receiving_initiatives"]
    with pytest.raises(StaleVersion):
        await moments.revise_moment(world.work(DANA), case.id, moment.id, 1, edit)


async def test_a_plan_edit_reorders_its_moments_and_moves_its_version() -> None:
    world = harbor()
    case = await filmed_case(world)
    first, second = await marked(world, case, 10.0, 40.0)
    new = NewFeedbackPlan(
        moment_ids=[first.id, second.id], principles_in_focus=["taking_turns"], questions=[]
    )
    plan = await plans.prepare_plan(world.work(DANA), case.id, new)
    assert (plan.moment_ids, plan.status) == ([first.id, second.id], "prepared")
    edit = FeedbackPlanEdit(moment_ids=[second.id, first.id])
    revised = await plans.revise_plan(world.work(DANA), case.id, plan.id, 1, edit)
    assert (revised.moment_ids, revised.version) == ([second.id, first.id], 2)
    assert revised.principles_in_focus == ["developing_attuned_interactions"]
    event = world.outbox.staged[-1].event
    assert isinstance(event, FeedbackPlanRevised)
    assert event.moment_ids == [second.id, first.id]
    with pytest.raises(StaleVersion):
        await plans.revise_plan(world.work(DANA), case.id, plan.id, 1, edit)


async def test_a_plan_takes_only_the_cases_moments_once_each_until_it_is_shown() -> None:
    world = harbor()
    case = await filmed_case(world)
    [moment] = await marked(world, case, 10.0)
    plan = await plans.prepare_plan(
        world.work(DANA),
        case.id,
        NewFeedbackPlan(moment_ids=[moment.id], principles_in_focus=[], questions=[]),
    )
    for wrong in ([moment.id, moment.id], [moment.id, uuid4()]):
        with pytest.raises(InvalidInput):
            await plans.revise_plan(
                world.work(DANA), case.id, plan.id, 1, FeedbackPlanEdit(moment_ids=wrong)
            )
    with pytest.raises(Conflict, match="take it out of that plan first"):
        await moments.remove_moment(world.work(DANA), case.id, moment.id, 1)
    world.plans.rows[plan.id] = replace(plan, shown_in_session_id=uuid4())
    with pytest.raises(Conflict, match="already shown"):
        await plans.revise_plan(world.work(DANA), case.id, plan.id, 1, FeedbackPlanEdit())


async def test_a_supervisor_coding_blind_sees_the_apprentices_moments_only_once_allowed() -> None:
    world = harbor()
    case = await filmed_case(world)
    viewing = NewConsent(purpose=ConsentPurpose.SUPERVISION_VIEWING, granted_at=NOW)
    await consent.grant_consent(world.work(DANA), case.id, viewing)
    [moment] = await marked(world, case, 10.0)
    assert await listed(world, LEE, case) == ([], 0)
    with pytest.raises(Forbidden):
        await moments.read_moment(world.work(LEE), case.id, moment.id)
    world.moments.seen.add(("lee", FOOTAGE))
    assert await moments.read_moment(world.work(LEE), case.id, moment.id) == moment
    assert await listed(world, LEE, case) == ([moment], 1)
