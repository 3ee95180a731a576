"""Feedback plans refused in words, with nothing lost: no moments, a moment of another case, a
reel longer than the limit, a review of the plan dated before its filming."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.integration.planner.conftest import People
from tests.integration.planner.flows import ago, film, footage_arrives, open_case, post, until
from tests.support.isolation import Isolation

pytestmark = pytest.mark.integration


def refusal(response: httpx.Response, field: str) -> str:
    assert response.status_code == 422, response.text
    messages = {".".join(map(str, e["loc"][1:])): e["msg"] for e in response.json()["detail"]}
    message: str = messages[field]
    return message


async def _case_with_footage(
    planner: httpx.AsyncClient, people: People, isolated: Isolation, duration_s: float
) -> tuple[dict[str, Any], str]:
    case = await open_case(planner, people.dana)
    filming = await film(planner, case["id"], people.dana, days_ago=3)
    footage_id = await footage_arrives(
        isolated, case["case_code"], filming["filming_session_ref"], duration_s
    )
    base = f"/cases/{case['id']}/footage/{footage_id}"
    await until(planner, base, people.dana, lambda f: f.get("status") == "ready")
    return case, str(footage_id)


async def _moment(
    planner: httpx.AsyncClient, case_id: str, footage_id: str, people: People, span: range
) -> str:
    body = {
        "footage_id": footage_id,
        "start_s": span.start,
        "end_s": span.stop,
        "kind": "strength",
        "principles": ["guiding"],
    }
    return str((await post(planner, f"/cases/{case_id}/moments", body, people.dana))["id"])


async def _plans(planner: httpx.AsyncClient, case_id: str, people: People) -> list[Any]:
    listed = await planner.get(f"/cases/{case_id}/feedback-plans", headers=people.dana)
    assert listed.status_code == 200, listed.text
    plans: list[Any] = listed.json()
    return plans


async def test_plans_are_refused_in_words_and_nothing_is_lost(
    planner: httpx.AsyncClient, people: People, isolated: Isolation
) -> None:
    case, footage_id = await _case_with_footage(planner, people, isolated, 1300)
    plans = f"/cases/{case['id']}/feedback-plans"
    empty = await planner.post(plans, json={"moment_ids": []}, headers=people.dana)
    assert "needs at least one moment" in refusal(empty, "moment_ids")
    assert await _plans(planner, case["id"], people) == []

    other, other_footage = await _case_with_footage(planner, people, isolated, 60)
    foreign = await _moment(planner, other["id"], other_footage, people, range(1, 5))
    refused = await planner.post(plans, json={"moment_ids": [foreign]}, headers=people.dana)
    assert refusal(refused, "moment_ids") == (
        f"these moments are not marked in this case: {foreign}"
    )
    assert await _plans(planner, case["id"], people) == []

    long_ones = [
        await _moment(planner, case["id"], footage_id, people, span)
        for span in (range(0, 400), range(500, 1000))
    ]
    plan = await post(
        planner, plans, {"moment_ids": long_ones, "questions": ["a", "b"]}, people.dana
    )
    before = await _plans(planner, case["id"], people)
    mixed = await planner.patch(
        f"{plans}/{plan['id']}",
        json={"moment_ids": [long_ones[0], foreign]},
        headers={"If-Match": f'"{plan["version"]}"', **people.dana},
    )
    assert "not marked in this case" in refusal(mixed, "moment_ids")
    too_long = await planner.post(
        f"{plans}/{plan['id']}/clip-requests", json={}, headers=people.dana
    )
    assert refusal(too_long, "moment_ids") == (
        "the plan's clips last 15:00 together, longer than the 10:00 a reel may last: "
        "leave out a moment or shorten one"
    )
    assert await _plans(planner, case["id"], people) == before  # no clip request, no change
    assert before[0]["clip_requests"] == []

    early = {"held_at": ago(days=4), "duration_minutes": 60, "feedback_plan_id": plan["id"]}
    review = await planner.post(
        f"/cases/{case['id']}/sessions/shared-review", json=early, headers=people.dana
    )
    assert "filming session before it" in refusal(review, "held_at")
    assert await _plans(planner, case["id"], people) == before  # still to be shown
    shown = {**early, "held_at": ago(days=1)}
    await post(planner, f"/cases/{case['id']}/sessions/shared-review", shown, people.dana)
    assert (await _plans(planner, case["id"], people))[0]["status"] == "shown"
