"""Removing a marked moment: If-Match, tenancy, one moment.removed, and what plans keep."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from spin_contracts.events import decode
from spin_contracts.topics import Topic

from tests.integration.planner.conftest import People
from tests.integration.planner.flows import ago, film, footage_arrives, open_case, post, until
from tests.integration.spincore.helpers import read_topic
from tests.support.isolation import Isolation

pytestmark = pytest.mark.integration


async def _moments(
    planner: httpx.AsyncClient, people: People, isolated: Isolation, count: int
) -> list[dict[str, Any]]:
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
    return [
        await post(
            planner,
            f"/cases/{case['id']}/moments",
            {"footage_id": str(footage_id), "start_s": n, "end_s": n + 5, "kind": "strength"},
            people.dana,
        )
        for n in range(1, count + 1)
    ]


def _fresh(headers: dict[str, str], version: int = 1) -> dict[str, str]:
    return {**headers, "If-Match": f'"{version}"'}


async def test_a_moment_is_removed_once_with_the_current_version(
    planner: httpx.AsyncClient, people: People, isolated: Isolation
) -> None:
    gone, kept = await _moments(planner, people, isolated, 2)
    case_id = gone["case_id"]
    case_code = (await planner.get(f"/cases/{case_id}", headers=people.dana)).json()["case_code"]
    path = f"/cases/{case_id}/moments/{gone['id']}"

    missing = await planner.delete(path, headers=people.dana)
    assert missing.status_code == 428
    assert "If-Match" in missing.json()["detail"]
    stale = await planner.delete(path, headers=_fresh(people.dana, 7))
    assert stale.status_code == 412
    assert "changed since you read it" in stale.json()["detail"]
    for stranger in (people.other_admin, people.pat, people.sam):
        hidden = await planner.delete(path, headers=_fresh(stranger))
        assert hidden.status_code == 404, hidden.text
        assert hidden.json()["detail"] == "no such case"
    assert (await planner.delete(path, headers=_fresh(people.staff))).status_code == 403

    removed = await planner.delete(path, headers=_fresh(people.dana))

    assert removed.status_code == 204, removed.text
    assert removed.content == b""
    assert (await planner.get(path, headers=people.dana)).status_code == 404
    again = await planner.delete(path, headers=_fresh(people.dana))
    assert again.status_code == 404
    assert again.json()["detail"] == "no such moment for this case"
    listed = (await planner.get(f"/cases/{case_id}/moments", headers=people.dana)).json()
    assert [m["id"] for m in listed["items"]] == [kept["id"]]
    assert listed["total"] == 1
    # Five events, and no sixth within a few seconds: the removal went out once.
    values = await read_topic(isolated, Topic.PLANNER, expected=6, timeout_s=5)
    events = [decode(v) for v in values]
    assert len(events) == 5
    removals = [(e, p) for e, p in events if e.event_type == "moment.removed"]
    assert len(removals) == 1
    envelope, event = removals[0]
    assert envelope.payload == {
        "case_id": case_id,
        "case_code": case_code,
        "moment_id": gone["id"],
        "footage_id": gone["footage_id"],
    }
    assert event.partition_key() == case_id


async def test_a_moment_a_plan_or_review_uses_stays(
    planner: httpx.AsyncClient, people: People, isolated: Isolation
) -> None:
    first, second, third = await _moments(planner, people, isolated, 3)
    case_id = first["case_id"]
    plan = await post(
        planner,
        f"/cases/{case_id}/feedback-plans",
        {"moment_ids": [first["id"], second["id"]]},
        people.dana,
    )

    def remove(moment: dict[str, Any]) -> Any:
        path = f"/cases/{case_id}/moments/{moment['id']}"
        return planner.delete(path, headers=_fresh(people.dana))

    planned = await remove(first)
    assert planned.status_code == 409
    assert planned.json()["detail"] == (
        f"this moment is in the prepared feedback plan {plan['id']}: take it out of that "
        "plan first, then remove it"
    )
    revised = await planner.patch(
        f"/cases/{case_id}/feedback-plans/{plan['id']}",
        json={"moment_ids": [second["id"], third["id"]]},
        headers=_fresh(people.dana),
    )
    assert revised.status_code == 200, revised.text
    assert (await remove(first)).status_code == 204
    await _show(planner, people, case_id, plan["id"], second["id"])

    in_shown_plan = await remove(third)
    shown = await remove(second)

    assert in_shown_plan.status_code == 409
    assert f"feedback plan {plan['id']}, which was already shown" in in_shown_plan.json()["detail"]
    assert shown.status_code == 409
    assert shown.json()["detail"].startswith("this moment was shown in the shared review of ")
    assert "stays on record" in shown.json()["detail"]
    listed = (await planner.get(f"/cases/{case_id}/moments", headers=people.dana)).json()
    assert {m["id"] for m in listed["items"]} == {second["id"], third["id"]}


async def _show(
    planner: httpx.AsyncClient, people: People, case_id: str, plan_id: str, moment_id: str
) -> None:
    """A shared review shows the plan with one of its moments."""
    body = {
        "held_at": ago(days=1),
        "duration_minutes": 50,
        "feedback_plan_id": plan_id,
        "clips_shown": [moment_id],
    }
    await post(planner, f"/cases/{case_id}/sessions/shared-review", body, people.dana)
