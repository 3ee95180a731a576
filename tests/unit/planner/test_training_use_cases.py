"""Clips for training, offline copies and supervision as use cases on in-memory stores: what
the family, the agency and the supervisor relation must allow first."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

import pytest
from spin_contracts.claims import Role
from spin_contracts.events.consent import ConsentPurpose
from spin_contracts.events.planner import DeliverySetting, MomentKind
from spin_planner.domain.commands.cases import Caregiver, Child, NewCase, NewConsent
from spin_planner.domain.commands.moments import NewFeedbackPlan, NewMoment, OfflineCopy
from spin_planner.domain.commands.sessions import NewSupervision
from spin_planner.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from spin_planner.domain.records import Moment
from spin_planner.service import cases, consent, moments, offline, plans, supervision, training
from spin_planner.service.ports import FootageLength

from tests.unit.planner.fake_parts import NOW
from tests.unit.planner.fakes import AGENCY, World, harbor, who

DANA = who(Role.PRACTITIONER, "dana")
FOOTAGE = UUID("00000000-0000-4000-8000-000000000003")


async def a_moment(world: World) -> Moment:
    new = NewCase(
        delivery_setting=DeliverySetting.COMMUNITY_AGENCY,
        caregivers=[Caregiver(relation="grandmother")],
        children=[Child(age=2)],
        opened_on=date(2026, 2, 1),
    )
    case = await cases.open_case(world.work(DANA), new)
    world.moments.footage[AGENCY, case.case_code, FOOTAGE] = FootageLength("transcoded", 90.0)
    mark = NewMoment(
        footage_id=FOOTAGE, start_s=1, end_s=4, principles=[], kind=MomentKind.STRENGTH
    )
    return await moments.mark_moment(world.work(DANA), case.id, mark)


async def test_a_clip_is_marked_for_training_once_under_the_training_consent() -> None:
    world = harbor()
    moment = await a_moment(world)
    case_id = moment.case_id
    with pytest.raises(Conflict, match="not consented"):
        await training.mark_for_training(world.work(DANA), case_id, moment.id)
    granted = NewConsent(purpose=ConsentPurpose.TRAINING, granted_at=NOW - timedelta(days=1))
    await consent.grant_consent(world.work(DANA), case_id, granted)
    with pytest.raises(Conflict, match="no rendered clip yet"):
        await training.mark_for_training(world.work(DANA), case_id, moment.id)
    world.training.clip_keys[FOOTAGE, moment.id] = f"clips/{FOOTAGE}/{moment.id}.mp4"
    marked = await training.mark_for_training(world.work(DANA), case_id, moment.id)
    assert (marked.clip_key, marked.marked_by) == (f"clips/{FOOTAGE}/{moment.id}.mp4", "dana")
    again = await training.mark_for_training(world.work(DANA), case_id, moment.id)
    assert again == marked
    assert world.outbox.types().count("clip.marked_for_training") == 1
    assert await training.list_training_clips(world.work(DANA), case_id) == [marked]


async def test_an_offline_copy_needs_the_agencys_permission_and_rendered_clips() -> None:
    world = harbor()
    moment = await a_moment(world)
    case_id = moment.case_id
    new = NewFeedbackPlan(moment_ids=[moment.id], principles_in_focus=[], questions=[])
    plan = await plans.prepare_plan(world.work(DANA), case_id, new)
    copy = OfflineCopy(clip_count=1, reel=False)
    with pytest.raises(Forbidden):
        await offline.prepared_offline(world.work(DANA), case_id, plan.id, copy)
    world.directory.allowing_downloads.add(AGENCY)
    assert await offline.policy(world.work(DANA), case_id) is True
    with pytest.raises(Conflict, match="not ready yet"):
        await offline.prepared_offline(world.work(DANA), case_id, plan.id, copy)
    with pytest.raises(NotFound):
        await offline.offline_copy_deleted(world.work(DANA), case_id, moment.id)


async def test_a_supervision_is_recorded_by_the_apprentices_own_supervisor() -> None:
    world = harbor()
    lee = who(Role.SUPERVISOR, "lee")
    reviewed = UUID("00000000-0000-4000-8000-000000000004")
    world.supervisions.footage[reviewed] = "dana"
    new = NewSupervision(
        practitioner_id="dana", held_at=NOW, duration_minutes=60, footage_ids=[reviewed]
    )
    with pytest.raises(InvalidInput, match="that you may see"):
        await supervision.record_supervision(world.work(lee), new)
    world.supervisions.shown_to_supervisors.add(reviewed)
    recorded = await supervision.record_supervision(world.work(lee), new)
    assert (recorded.supervisor_id, recorded.footage_ids) == ("lee", [str(reviewed)])
    with pytest.raises(InvalidInput, match="is not the supervisor of"):
        await supervision.record_supervision(world.work(who(Role.SUPERVISOR, "sam")), new)
    elsewhere = who(Role.AGENCY_ADMIN, "ada", agency="beacon")
    with pytest.raises(NotFound, match="no such practitioner"):
        await supervision.record_supervision(world.work(elsewhere), new)
    mine = await supervision.list_supervisions(world.work(DANA), None, 50, 0)
    theirs = await supervision.list_supervisions(
        world.work(who(Role.PRACTITIONER, "sam")), None, 50, 0
    )
    assert (mine, theirs) == (([recorded], 1), ([], 0))
