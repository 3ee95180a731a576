"""An institute's vocabulary as use cases on in-memory stores: its staff choose and name,
another institute's staff find nothing."""

from __future__ import annotations

import pytest
from spin_contracts.claims import Role
from spin_planner.domain.errors import InvalidInput, NotFound
from spin_planner.domain.vocabularies import DEFAULT_VOCABULARY, VHT
from spin_planner.service import vocabularies

from tests.unit.planner.fakes import INSTITUTE, harbor, who

STAFF = who(Role.INSTITUTE_STAFF, "ines", agency=None)


async def test_an_institute_chooses_its_vocabulary_and_names_a_tag_then_unnames_it() -> None:
    world = harbor()
    chosen = await vocabularies.institute_vocabulary(world.work(STAFF), INSTITUTE)
    assert (chosen.vocabulary, chosen.names) == (DEFAULT_VOCABULARY, {})
    await vocabularies.choose_vocabulary(world.work(STAFF), INSTITUTE, VHT)
    await vocabularies.name_tag(
        world.work(STAFF), INSTITUTE, "nl", "taking_turns", "  om  de beurt "
    )
    chosen = await vocabularies.institute_vocabulary(world.work(STAFF), INSTITUTE)
    assert (chosen.vocabulary, chosen.names) == (VHT, {("nl", "taking_turns"): "om de beurt"})
    await vocabularies.name_tag(world.work(STAFF), INSTITUTE, "nl", "taking_turns", " ")
    assert (await vocabularies.institute_vocabulary(world.work(STAFF), INSTITUTE)).names == {}
    with pytest.raises(InvalidInput):
        await vocabularies.name_tag(world.work(STAFF), INSTITUTE, "nl", "being_nice", "aardig")


async def test_another_institutes_vocabulary_is_not_found() -> None:
    world = harbor()
    elsewhere = STAFF.model_copy(update={"institute_id": "spin-nl"})
    with pytest.raises(NotFound):
        await vocabularies.choose_vocabulary(world.work(elsewhere), INSTITUTE, VHT)
    with pytest.raises(NotFound):
        await vocabularies.own_institute(world.work(who(Role.SERVICE, "ops", None)), "spin-xx")
    assert world.vocabularies.vocabulary == {}
