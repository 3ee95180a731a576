"""Coaching comments as use cases on in-memory stores: between an apprentice and their
supervisor only, on footage the supervisor may see."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest
from spin_contracts.claims import Role
from spin_contracts.events.consent import ConsentPurpose
from spin_contracts.events.planner import DeliverySetting
from spin_planner.domain.commands.cases import Caregiver, Child, NewCase, NewConsent
from spin_planner.domain.commands.coaching import NewComment
from spin_planner.domain.cycle_records import Case
from spin_planner.domain.errors import InvalidInput, NotFound
from spin_planner.service import cases, coaching, consent
from spin_planner.service.ports import FootageLength

from tests.unit.planner.fake_parts import NOW
from tests.unit.planner.fakes import AGENCY, World, harbor, who

DANA, LEE = who(Role.PRACTITIONER, "dana"), who(Role.SUPERVISOR, "lee")
FOOTAGE = UUID("00000000-0000-4000-8000-000000000005")


async def coached_case(world: World) -> Case:
    new = NewCase(
        delivery_setting=DeliverySetting.OUTPATIENT_CLINIC,
        caregivers=[Caregiver(relation="mother")],
        children=[Child(age=7)],
        opened_on=date(2026, 2, 1),
    )
    case = await cases.open_case(world.work(DANA), new)
    world.moments.footage[AGENCY, case.case_code, FOOTAGE] = FootageLength("transcoded", 120.0)
    return case


async def test_a_reply_joins_its_thread_at_the_time_of_the_comment_it_answers() -> None:
    world = harbor()
    case = await coached_case(world)
    with pytest.raises(NotFound):
        await coaching.post_comment(
            world.work(LEE), case.id, FOOTAGE, NewComment(at_s=3, words="?")
        )
    viewing = NewConsent(purpose=ConsentPurpose.SUPERVISION_VIEWING, granted_at=NOW)
    await consent.grant_consent(world.work(DANA), case.id, viewing)
    opened = await coaching.post_comment(
        world.work(LEE), case.id, FOOTAGE, NewComment(at_s=30, words="see her turn?")
    )
    reply = await coaching.post_comment(
        world.work(DANA), case.id, FOOTAGE, NewComment(at_s=99, words="yes", reply_to=opened.id)
    )
    assert (reply.at_s, reply.reply_to, reply.supervisor_id) == (30, opened.id, "lee")
    with pytest.raises(InvalidInput, match="past the end"):
        await coaching.post_comment(
            world.work(DANA), case.id, FOOTAGE, NewComment(at_s=121, words="x")
        )
    thread = await coaching.list_comments(world.work(DANA), case.id, FOOTAGE)
    assert thread == [opened, reply]
    assert await coaching.my_comments(world.work(LEE), 10) == [opened, reply]
    with pytest.raises(NotFound):
        await coaching.list_comments(world.work(who(Role.PRACTITIONER, "sam")), case.id, FOOTAGE)
