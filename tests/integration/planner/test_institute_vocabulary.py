"""An institute's vocabulary on the real PostgreSQL: its staff switch to the VHT terms and name
tags per language (only their institute's; tag keys and vocabularies checked); GET /vocabulary
answers in the caller's institute's names and language; a moment tagged in the VHT vocabulary
stores the same canonical id, renames leave it as it is, and its event carries ids only."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from spin_contracts.events import decode
from spin_contracts.topics import Topic

from tests.integration.planner.conftest import INSTITUTE, OTHER_INSTITUTE, People
from tests.integration.planner.flows import film, footage_arrives, open_case, post, until
from tests.integration.spincore.helpers import read_topic
from tests.support.isolation import Isolation

pytestmark = pytest.mark.integration
SETTINGS = f"/institutes/{INSTITUTE}/vocabulary"
NAMES = f"/institutes/{INSTITUTE}/tag-names"
TURNS = "developing_attuned_interactions"
MARKED = "moment.marked"


async def _moment(
    planner: httpx.AsyncClient, people: People, isolated: Isolation, principle: str
) -> dict[str, Any]:
    case = await open_case(planner, people.dana)
    filming = await film(planner, case["id"], people.dana)
    footage_id = await footage_arrives(
        isolated, case["case_code"], filming["filming_session_ref"], 120
    )
    await until(
        planner,
        f"/cases/{case['id']}/footage/{footage_id}",
        people.dana,
        lambda f: f.get("status") == "ready",
    )
    body = {"footage_id": str(footage_id), "start_s": 1, "end_s": 5, "kind": "strength"}
    return await post(
        planner, f"/cases/{case['id']}/moments", {**body, "principles": [principle]}, people.dana
    )


async def test_staff_switch_and_name_their_institutes_vocabulary(
    planner: httpx.AsyncClient, people: People
) -> None:
    fresh = await planner.get(SETTINGS, headers=people.staff)
    assert fresh.status_code == 200, fresh.text
    assert fresh.json()["vocabulary"] == "attuned_interaction_2011"
    switched = await planner.put(
        SETTINGS, json={"vocabulary": "vht_basic_communication_1994"}, headers=people.staff
    )
    assert switched.status_code == 200, switched.text
    named = await planner.put(
        f"{NAMES}/nl/taking_turns", json={"name": "Beurten"}, headers=people.staff
    )
    assert named.status_code == 200, named.text
    assert named.json()["names"] == [{"language": "nl", "tag": "taking_turns", "name": "Beurten"}]
    await planner.put(f"{NAMES}/nl/{TURNS}", json={"name": "Afgestemd"}, headers=people.staff)

    asked = await planner.get("/vocabulary", params={"language": "nl"}, headers=people.dana)
    assert asked.status_code == 200, asked.text
    vocabulary = asked.json()
    assert vocabulary["vocabulary"] == "vht_basic_communication_1994"
    turns = next(t for t in vocabulary["tags"] if t["tag"] == "taking_turns")
    assert turns == {"tag": "taking_turns", "name": "Beurten", "canonical": TURNS, "level": 4}
    assert vocabulary["names"][TURNS] == "Afgestemd"
    by_header = await planner.get(
        "/vocabulary", headers={**people.dana, "Accept-Language": "nl-BE,nl;q=0.9"}
    )
    assert by_header.json()["names"][TURNS] == "Afgestemd"
    english = (await planner.get("/vocabulary", headers=people.dana)).json()
    assert english["language"] == "en"
    assert english["names"][TURNS] == "Developing attuned interactions"
    foreign = (await planner.get("/vocabulary", headers=people.foreign_staff)).json()
    assert foreign["vocabulary"] == "attuned_interaction_2011"
    assert foreign["names"][TURNS] == "Developing attuned interactions"

    cleared = await planner.put(f"{NAMES}/nl/taking_turns", json={"name": ""}, headers=people.staff)
    assert {n["tag"] for n in cleared.json()["names"]} == {TURNS}


async def test_only_staff_of_the_institute_with_valid_keys(
    planner: httpx.AsyncClient, people: People
) -> None:
    name = {"name": "Beurten"}
    for headers, status in ((people.dana, 403), (people.admin, 403), (people.foreign_staff, 404)):
        answer = await planner.put(f"{NAMES}/nl/taking_turns", json=name, headers=headers)
        assert answer.status_code == status, answer.text
    other = await planner.get(f"/institutes/{OTHER_INSTITUTE}/vocabulary", headers=people.staff)
    assert other.status_code == 404, other.text
    unknown = await planner.put(f"{NAMES}/nl/turn_taking", json=name, headers=people.staff)
    assert unknown.status_code == 422, unknown.text
    assert "'turn_taking' is not a tag of any vocabulary" in unknown.text
    bad_language = await planner.put(
        f"{NAMES}/dutch!/taking_turns", json=name, headers=people.staff
    )
    assert bad_language.status_code == 422, bad_language.text
    too_long = await planner.put(
        f"{NAMES}/nl/guiding", json={"name": "x" * 200}, headers=people.staff
    )
    assert too_long.status_code == 422, too_long.text
    bad = await planner.put(SETTINGS, json={"vocabulary": "vht"}, headers=people.staff)
    assert bad.status_code == 422, bad.text
    assert "'vht' is not a vocabulary" in bad.text
    asked = await planner.get("/vocabulary", params={"language": "??"}, headers=people.dana)
    assert asked.status_code == 422, asked.text


async def test_moments_keep_canonical_ids_through_switches_and_renames(
    planner: httpx.AsyncClient, people: People, isolated: Isolation
) -> None:
    await planner.put(
        SETTINGS, json={"vocabulary": "vht_basic_communication_1994"}, headers=people.staff
    )
    moment = await _moment(planner, people, isolated, "taking_turns")
    assert moment["principles"] == [TURNS]
    await planner.put(f"{NAMES}/en/{TURNS}", json={"name": "Turn-taking"}, headers=people.staff)
    await planner.put(
        SETTINGS, json={"vocabulary": "attuned_interaction_2011"}, headers=people.staff
    )
    listed = await planner.get(f"/cases/{moment['case_id']}/moments", headers=people.dana)
    assert [m["principles"] for m in listed.json()["items"]] == [[TURNS]]
    values = await read_topic(isolated, Topic.PLANNER, expected=50, timeout_s=5)
    marked = [e for e, _ in map(decode, values) if e.event_type == MARKED]
    assert marked
    payload = str(marked[-1].payload)
    assert TURNS in payload
    assert "Turn-taking" not in payload
    assert "Taking turns" not in payload
