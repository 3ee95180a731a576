"""Blind coding as use cases on in-memory stores: the supervisor's own moments, both
declaring done, the agreement recorded once and read at another slice length."""

from __future__ import annotations

import pytest
from spin_contracts.claims import Role
from spin_contracts.events.consent import ConsentPurpose
from spin_planner.domain.commands.cases import NewConsent
from spin_planner.domain.commands.coaching import CodingDone, NewCodedMoment
from spin_planner.domain.cycle_records import Case
from spin_planner.domain.errors import Conflict, Forbidden, NotFound
from spin_planner.service import coding, consent

from tests.unit.planner.fake_parts import NOW
from tests.unit.planner.fakes import World, harbor, who
from tests.unit.planner.test_moment_use_cases import FOOTAGE, filmed_case, marked

DANA, LEE = who(Role.PRACTITIONER, "dana"), who(Role.SUPERVISOR, "lee")
TURNS = NewCodedMoment(start_s=10.0, end_s=15.0, principles=["taking_turns"])


async def supervised_case(world: World) -> Case:
    case = await filmed_case(world)
    viewing = NewConsent(purpose=ConsentPurpose.SUPERVISION_VIEWING, granted_at=NOW)
    await consent.grant_consent(world.work(DANA), case.id, viewing)
    return case


async def test_the_supervisor_codes_and_uncodes_and_the_apprentice_cannot_see_it_yet() -> None:
    world = harbor()
    case = await supervised_case(world)
    coded = await coding.code_moment(world.work(LEE), case.id, FOOTAGE, TURNS)
    assert (coded.coder_id, coded.principles) == ("lee", ["developing_attuned_interactions"])
    with pytest.raises(Forbidden):
        await coding.code_moment(world.work(DANA), case.id, FOOTAGE, TURNS)
    state = await coding.coding_state(world.work(DANA), case.id, FOOTAGE)
    assert (state.supervisor_moments, state.supervisor_moments_hidden) == ([], True)
    seen = await coding.coding_state(world.work(LEE), case.id, FOOTAGE)
    assert (seen.supervisor_moments, seen.apprentice_moments_hidden) == ([coded], True)
    await coding.uncode_moment(world.work(LEE), case.id, FOOTAGE, coded.id)
    with pytest.raises(NotFound):
        await coding.uncode_moment(world.work(LEE), case.id, FOOTAGE, coded.id)


async def test_the_second_done_records_the_agreement_once_and_it_reads_at_other_slices() -> None:
    world = harbor()
    case = await supervised_case(world)
    await marked(world, case, 10.0)
    await coding.code_moment(world.work(LEE), case.id, FOOTAGE, TURNS)
    with pytest.raises(Conflict, match="once both"):
        await coding.read_agreement(world.work(LEE), case.id, FOOTAGE, None)
    first = await coding.finish_coding(world.work(LEE), case.id, FOOTAGE, CodingDone(slice_s=1))
    assert (first.supervisor_done_at, first.apprentice_done_at) == (NOW, None)
    both = await coding.finish_coding(world.work(DANA), case.id, FOOTAGE, CodingDone(slice_s=1))
    assert both.supervisor_moments_hidden is False
    assert FOOTAGE in world.coding.locked
    assert world.outbox.types()[-1] == "agreement.computed"
    agreement = await coding.read_agreement(world.work(DANA), case.id, FOOTAGE, None)
    assert (agreement.apprentice_moments, agreement.supervisor_moments) == (1, 1)
    assert agreement.figures[0].observed == 1.0
    sliced = await coding.read_agreement(world.work(DANA), case.id, FOOTAGE, 2.5)
    assert sliced.slice_s == 2.5
    await coding.finish_coding(world.work(DANA), case.id, FOOTAGE, CodingDone(slice_s=1))
    assert world.outbox.types().count("agreement.computed") == 1
    with pytest.raises(Conflict, match="finished coding"):
        await coding.code_moment(world.work(LEE), case.id, FOOTAGE, TURNS)


async def test_seeing_the_apprentices_moments_closes_the_supervisors_blind_coding() -> None:
    world = harbor()
    case = await supervised_case(world)
    with pytest.raises(Forbidden):
        await coding.see_apprentice_moments(world.work(DANA), case.id, FOOTAGE)
    state = await coding.see_apprentice_moments(world.work(LEE), case.id, FOOTAGE)
    assert (state.moments_seen_at, state.apprentice_moments_hidden) == (NOW, False)
    with pytest.raises(Conflict, match="chose to see"):
        await coding.code_moment(world.work(LEE), case.id, FOOTAGE, TURNS)
    with pytest.raises(Conflict, match="chose to see"):
        await coding.finish_coding(world.work(LEE), case.id, FOOTAGE, CodingDone(slice_s=1))
