"""Direct contacts as use cases on in-memory stores: filming, shared review of a plan."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

import pytest
from spin_contracts.claims import Role
from spin_contracts.events.planner import DeliverySetting, MomentKind, SessionRecorded
from spin_planner.domain.commands.cases import Caregiver, Child, NewCase
from spin_planner.domain.commands.moments import NewFeedbackPlan, NewMoment
from spin_planner.domain.commands.sessions import NewFilming, NewSharedReview
from spin_planner.domain.cycle_records import Case
from spin_planner.domain.errors import Conflict, ImpossibleTimeline
from spin_planner.service import cases, moments, plans, sessions
from spin_planner.service.ports import FootageLength

from tests.unit.planner.fake_parts import NOW
from tests.unit.planner.fakes import AGENCY, World, harbor, who

DANA = who(Role.PRACTITIONER, "dana")
FOOTAGE = UUID("00000000-0000-4000-8000-000000000002")
FILMED = NOW - timedelta(days=7)


async def opened(world: World) -> Case:
    new = NewCase(
        delivery_setting=DeliverySetting.ADOPTIVE_HOME,
        caregivers=[Caregiver(relation="mother")],
        children=[Child(age=5)],
        opened_on=date(2026, 2, 1),
    )
    case = await cases.open_case(world.work(DANA), new)
    world.moments.footage[AGENCY, case.case_code, FOOTAGE] = FootageLength("transcoded", 300.0)
    return case


def filming(ref: str | None = "visit-1") -> NewFilming:
    return NewFilming(
        held_at=FILMED, duration_minutes=45, children_present=True, filming_session_ref=ref
    )


async def test_a_filming_ref_is_taken_once_per_case() -> None:
    world = harbor()
    case = await opened(world)
    filmed = await sessions.record_filming(world.work(DANA), case.id, filming())
    assert (filmed.kind, filmed.filming_session_ref, filmed.footage) == ("filming", "visit-1", [])
    with pytest.raises(Conflict, match="already used in this case"):
        await sessions.record_filming(world.work(DANA), case.id, filming())
    unnamed = await sessions.record_filming(world.work(DANA), case.id, filming(None))
    assert unnamed.filming_session_ref == str(unnamed.id)
    assert world.outbox.types().count("session.recorded") == 2


async def test_a_shared_review_shows_a_prepared_plan_once_after_a_filming() -> None:
    world = harbor()
    case = await opened(world)
    mark = NewMoment(
        footage_id=FOOTAGE,
        start_s=3,
        end_s=9,
        principles=["taking_turns"],
        kind=MomentKind.STRENGTH,
    )
    moment = await moments.mark_moment(world.work(DANA), case.id, mark)
    prepared = NewFeedbackPlan(moment_ids=[moment.id], principles_in_focus=[], questions=[])
    plan = await plans.prepare_plan(world.work(DANA), case.id, prepared)
    review = NewSharedReview(held_at=NOW, duration_minutes=50, feedback_plan_id=plan.id)
    with pytest.raises(ImpossibleTimeline, match="filming session before it"):
        await sessions.record_shared_review(world.work(DANA), case.id, review)
    await sessions.record_filming(world.work(DANA), case.id, filming())
    shown = await sessions.record_shared_review(world.work(DANA), case.id, review)
    assert [c.moment_id for c in shown.clips_shown] == [moment.id]
    assert world.plans.rows[plan.id].shown_in_session_id == shown.id
    assert plan.id in world.plans.locked
    event = world.outbox.staged[-1].event
    assert isinstance(event, SessionRecorded)
    assert event.feedback_plan_id == plan.id
    with pytest.raises(Conflict, match="already shown"):
        await sessions.record_shared_review(world.work(DANA), case.id, review)
    listed, total = await sessions.list_sessions(world.work(DANA), case.id, None, 50, 0)
    assert ([s.kind for s in listed], total) == (["filming", "shared_review"], 2)
