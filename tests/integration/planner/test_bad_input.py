"""Bad input: field messages (422), impossible timelines, state conflicts, concurrent edits."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.integration.planner.conftest import People
from tests.integration.planner.flows import ago, film, footage_arrives, open_case, post, until
from tests.support.isolation import Isolation

pytestmark = pytest.mark.integration


def field_messages(response: httpx.Response) -> dict[str, str]:
    assert response.status_code == 422, response.text
    return {".".join(map(str, e["loc"][1:])): e["msg"] for e in response.json()["detail"]}


async def test_bodies_are_checked_field_by_field(
    planner: httpx.AsyncClient, people: People
) -> None:
    response = await planner.post(
        "/cases",
        json={
            "case_code": "bob smith",
            "delivery_setting": "castle",
            "caregivers": [],
            "children": [{"age": 19}],
            "opened_on": "soon",
            "self_rating_start": 11,
        },
        headers=people.dana,
    )
    messages = field_messages(response)
    assert "should match pattern" in messages["case_code"]
    assert "birth_family_home" in messages["delivery_setting"]
    assert "at least 1 item" in messages["caregivers"]
    assert "less than or equal to 17" in messages["children.0.age"]
    assert "valid date" in messages["opened_on"]
    assert "less than or equal to 10" in messages["self_rating_start"]

    case = await open_case(planner, people.dana)
    bad_session = await planner.post(
        f"/cases/{case['id']}/sessions/filming",
        json={"held_at": "2026-03-01T10:00:00", "duration_minutes": 0, "surprise": 1},
        headers=people.dana,
    )
    messages = field_messages(bad_session)
    assert "timezone" in messages["held_at"]
    assert "greater than or equal to 1" in messages["duration_minutes"]
    assert "Field required" in messages["children_present"]
    assert "Extra inputs" in messages["surprise"]


async def test_impossible_timelines_are_refused_with_a_reason(
    planner: httpx.AsyncClient, people: People
) -> None:
    case = await open_case(planner, people.dana)
    sessions = f"/cases/{case['id']}/sessions"

    review_first = await planner.post(
        f"{sessions}/shared-review",
        json={"held_at": ago(days=2), "duration_minutes": 60, "homework": "x"},
        headers=people.dana,
    )
    assert field_messages(review_first)["held_at"].startswith(
        "a shared review needs a filming session before it"
    )
    future = await planner.post(
        f"{sessions}/filming",
        json={"held_at": ago(days=-2), "duration_minutes": 30, "children_present": True},
        headers=people.dana,
    )
    assert "is in the future" in field_messages(future)["held_at"]
    before_opening = await planner.post(
        f"{sessions}/filming",
        json={"held_at": ago(days=90), "duration_minutes": 30, "children_present": True},
        headers=people.dana,
    )
    assert "before the case was opened" in field_messages(before_opening)["held_at"]
    await film(planner, case["id"], people.dana, days_ago=5)
    review_before_filming = await planner.post(
        f"{sessions}/shared-review",
        json={"held_at": ago(days=6), "duration_minutes": 60},
        headers=people.dana,
    )
    assert "filming session before it" in field_messages(review_before_filming)["held_at"]


async def test_moments_must_lie_within_known_footage_and_use_the_vocabulary(
    planner: httpx.AsyncClient, people: People, isolated: Isolation
) -> None:
    case = await open_case(planner, people.dana)
    filming = await film(planner, case["id"], people.dana)
    footage_id = await footage_arrives(
        isolated, case["case_code"], filming["filming_session_ref"], 300
    )
    await until(
        planner,
        f"/cases/{case['id']}/footage",
        people.dana,
        lambda f: f and f[0]["status"] == "ready",
    )
    moments = f"/cases/{case['id']}/moments"
    base: dict[str, Any] = {"footage_id": str(footage_id), "kind": "strength"}

    past_end = await planner.post(
        moments, json={**base, "start_s": 290, "end_s": 310}, headers=people.dana
    )
    assert field_messages(past_end)["end_s"] == (
        "the moment ends at 310 s, past the end of the footage (300 s)"
    )
    backwards = await planner.post(
        moments, json={**base, "start_s": 50, "end_s": 40}, headers=people.dana
    )
    assert "before it starts" in field_messages(backwards)["end_s"]
    no_length = await planner.post(
        moments, json={**base, "start_s": 50, "end_s": 50}, headers=people.dana
    )
    assert field_messages(no_length)["end_s"] == (
        "the moment ends where it starts (50 s): it needs a length"
    )
    unknown_tag = await planner.post(
        moments,
        json={**base, "start_s": 1, "end_s": 5, "principles": ["mind reading"]},
        headers=people.dana,
    )
    assert "'mind reading' is not a principle" in field_messages(unknown_tag)["principles"]
    stranger = await planner.post(
        moments,
        json={
            **base,
            "footage_id": "00000000-0000-4000-8000-000000000000",
            "start_s": 1,
            "end_s": 5,
        },
        headers=people.dana,
    )
    assert field_messages(stranger)["footage_id"] == "no such footage for this case"


async def test_times_that_are_not_numbers_are_refused_naming_the_field(
    planner: httpx.AsyncClient, people: People, isolated: Isolation
) -> None:
    case = await open_case(planner, people.dana)
    filming = await film(planner, case["id"], people.dana)
    footage_id = await footage_arrives(
        isolated, case["case_code"], filming["filming_session_ref"], 300
    )
    one = f"/cases/{case['id']}/footage/{footage_id}"
    await until(planner, one, people.dana, lambda f: f.get("status") == "ready")
    moments = f"/cases/{case['id']}/moments"
    start = f'{{"footage_id": "{footage_id}", "kind": "strength", "start_s": '
    # Not JSON, but Python's serialiser writes them and its parser (FastAPI's) reads them.
    as_json = {**people.dana, "Content-Type": "application/json"}

    for field, body in [
        ("start_s", start + 'NaN, "end_s": 5}'),
        ("end_s", start + '1, "end_s": Infinity}'),
        ("end_s", start + '1, "end_s": -Infinity}'),
        ("start_s", start + '1e999, "end_s": 5}'),
    ]:
        refused = await planner.post(moments, content=body, headers=as_json)
        assert field_messages(refused)[field] == "Input should be a finite number", body

    moment = await post(
        planner,
        moments,
        {"footage_id": str(footage_id), "kind": "strength", "start_s": 10, "end_s": 20},
        people.dana,
    )
    path = f"{moments}/{moment['id']}"
    edit = {**as_json, "If-Match": '"1"'}
    nan_edit = await planner.patch(path, content='{"end_s": NaN}', headers=edit)
    assert field_messages(nan_edit)["end_s"] == "Input should be a finite number"
    late_start = await planner.patch(path, json={"start_s": 25}, headers=edit)
    assert field_messages(late_start)["start_s"] == "the moment ends (20 s) before it starts (25 s)"
    unchanged = (await planner.get(path, headers=people.dana)).json()
    assert (unchanged["start_s"], unchanged["end_s"], unchanged["version"]) == (10, 20, 1)


async def test_edits_need_the_current_version_and_closed_cases_stay_closed(
    planner: httpx.AsyncClient, people: People
) -> None:
    case = await open_case(planner, people.dana)
    path = f"/cases/{case['id']}"
    read = await planner.get(path, headers=people.dana)
    etag = read.headers["ETag"]

    missing = await planner.patch(path, json={"self_rating_start": 5}, headers=people.dana)
    assert missing.status_code == 428
    assert "If-Match" in missing.json()["detail"]
    first = await planner.patch(
        path, json={"self_rating_start": 5}, headers={**people.dana, "If-Match": etag}
    )
    assert first.status_code == 200
    assert first.headers["ETag"] != etag
    stale = await planner.patch(
        path, json={"self_rating_start": 6}, headers={**people.dana, "If-Match": etag}
    )
    assert stale.status_code == 412
    assert "changed since you read it" in stale.json()["detail"]

    closure = {"closed_on": ago(days=1)[:10], "reason": "goals_reached"}
    fresh = {**people.dana, "If-Match": first.headers["ETag"]}
    closed = await planner.post(f"{path}/close", json=closure, headers=fresh)
    assert closed.status_code == 200, closed.text
    again = await planner.post(f"{path}/close", json=closure, headers=fresh)
    assert again.status_code == 409
    assert "already closed" in again.json()["detail"]
    late = await planner.post(
        f"{path}/sessions/filming",
        json={"held_at": ago(hours=1), "duration_minutes": 30, "children_present": True},
        headers=people.dana,
    )
    assert late.status_code == 409
    assert "the case was closed" in late.json()["detail"]


async def test_consent_and_coaching_rules(planner: httpx.AsyncClient, people: People) -> None:
    case = await open_case(planner, people.dana)
    consents = f"/cases/{case['id']}/consents"
    consent = await post(
        planner, consents, {"purpose": "training", "granted_at": ago(days=3)}, people.dana
    )
    withdraw = f"{consents}/{consent['id']}/withdraw"
    early = await planner.post(withdraw, json={"withdrawn_at": ago(days=4)}, headers=people.dana)
    assert "before it was granted" in field_messages(early)["withdrawn_at"]
    done = await planner.post(withdraw, json={"withdrawn_at": ago(days=1)}, headers=people.dana)
    assert done.status_code == 200
    twice = await planner.post(withdraw, json={"withdrawn_at": ago(hours=1)}, headers=people.dana)
    assert twice.status_code == 409
    assert "already withdrawn" in twice.json()["detail"]
    inverted = await planner.post(
        consents,
        json={"purpose": "filming", "granted_at": ago(days=2), "valid_until": ago(days=3)},
        headers=people.dana,
    )
    assert "valid_until must be after granted_at" in field_messages(inverted)[""]

    young = await planner.post(
        "/cases",
        json={
            "delivery_setting": "birth_family_home",
            "caregivers": [{"relation": "father"}],
            "children": [{"age": 3}],
            "opened_on": ago(days=5)[:10],
        },
        headers=people.dana,
    )
    coaching = await planner.post(
        f"/cases/{young.json()['id']}/sessions/adolescent-coaching",
        json={"held_at": ago(days=1), "duration_minutes": 30},
        headers=people.dana,
    )
    assert "needs a child aged 12 or over" in field_messages(coaching)["held_at"]
