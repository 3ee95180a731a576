"""Blind coding both ways: the supervisor does not see the apprentice's moments on a footage
until both finished coding it (or they choose to see them, which closes their coding)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.integration.planner.conftest import People
from tests.integration.planner.flows import ago, film, footage_arrives, post, until
from tests.integration.planner.test_coaching import _apprentice_footage, _consent
from tests.integration.planner.test_cycle import clips_rendered
from tests.support.isolation import Isolation

pytestmark = pytest.mark.integration


async def _moment(planner: httpx.AsyncClient, case_id: str, footage_id: str, people: People) -> str:
    body = {
        "footage_id": footage_id,
        "start_s": 1,
        "end_s": 4,
        "kind": "strength",
        "principles": ["receiving_initiatives"],
    }
    moment = await post(planner, f"/cases/{case_id}/moments", body, people.dana)
    return str(moment["id"])


async def _see(planner: httpx.AsyncClient, base: str, who: dict[str, str]) -> dict[str, Any]:
    seen = await planner.post(f"{base}/coding/see-apprentice-moments", headers=who)
    assert seen.status_code == 200, seen.text
    answer: dict[str, Any] = seen.json()
    return answer


async def _listed(
    planner: httpx.AsyncClient, case_id: str, footage_id: str, who: dict[str, str]
) -> int:
    listed = await planner.get(
        f"/cases/{case_id}/moments", params={"footage_id": footage_id}, headers=who
    )
    assert listed.status_code == 200, listed.text
    total: int = listed.json()["total"]
    assert total == len(listed.json()["items"])
    return total


async def test_the_supervisor_sees_the_apprentices_moments_once_both_finished(
    planner: httpx.AsyncClient, people: People, isolated: Isolation
) -> None:
    case, base = await _apprentice_footage(planner, people, isolated)
    await _consent(planner, case["id"], people, "supervision_viewing")
    footage_id = base.rsplit("/", 1)[1]
    moment_id = await _moment(planner, case["id"], footage_id, people)

    assert await _listed(planner, case["id"], footage_id, people.dana) == 1
    assert await _listed(planner, case["id"], footage_id, people.lee) == 0
    assert (await planner.get(f"/cases/{case['id']}/moments", headers=people.lee)).json()[
        "total"
    ] == 0
    one = await planner.get(f"/cases/{case['id']}/moments/{moment_id}", headers=people.lee)
    assert one.status_code == 403
    assert "hidden from you until both of you have finished coding" in one.json()["detail"]
    state = (await planner.get(f"{base}/coding", headers=people.lee)).json()
    assert (state["apprentice_moments_hidden"], state["moments_seen_at"]) == (True, None)
    assert not (await planner.get(f"{base}/coding", headers=people.dana)).json()[
        "apprentice_moments_hidden"
    ]

    await post(
        planner,
        f"{base}/coding/moments",
        {"start_s": 2, "end_s": 5, "principles": ["receiving_initiatives"]},
        people.lee,
    )
    assert (await planner.post(f"{base}/coding/done", json={}, headers=people.lee)).is_success
    assert await _listed(planner, case["id"], footage_id, people.lee) == 0  # apprentice not done
    assert (await planner.post(f"{base}/coding/done", json={}, headers=people.dana)).is_success
    assert await _listed(planner, case["id"], footage_id, people.lee) == 1
    shown = await planner.get(f"/cases/{case['id']}/moments/{moment_id}", headers=people.lee)
    assert shown.status_code == 200
    late = await planner.post(f"{base}/coding/see-apprentice-moments", headers=people.lee)
    assert late.status_code == 409
    # Seeing is not changing: the supervisor still may not edit the apprentice's moment.
    edit = await planner.patch(
        f"/cases/{case['id']}/moments/{moment_id}",
        json={"note": "x"},
        headers={**people.lee, "If-Match": shown.headers["ETag"]},
    )
    assert edit.status_code == 403


async def test_seeing_the_moments_instead_closes_the_supervisors_coding(
    planner: httpx.AsyncClient, people: People, isolated: Isolation
) -> None:
    case, base = await _apprentice_footage(planner, people, isolated)
    await _consent(planner, case["id"], people, "supervision_viewing")
    footage_id = base.rsplit("/", 1)[1]
    await _moment(planner, case["id"], footage_id, people)
    apprentice = await planner.post(f"{base}/coding/see-apprentice-moments", headers=people.dana)
    assert apprentice.status_code == 403

    seen = await _see(planner, base, people.lee)
    assert seen["apprentice_moments_hidden"] is False
    assert seen["moments_seen_at"] is not None
    assert await _listed(planner, case["id"], footage_id, people.lee) == 1
    again = await _see(planner, base, people.lee)
    assert again["moments_seen_at"] == seen["moments_seen_at"]
    code = await planner.post(
        f"{base}/coding/moments",
        json={"start_s": 2, "end_s": 5, "principles": ["receiving_initiatives"]},
        headers=people.lee,
    )
    assert code.status_code == 409
    assert "would not be independent" in code.json()["detail"]
    done = await planner.post(f"{base}/coding/done", json={}, headers=people.lee)
    assert done.status_code == 409
    # The apprentice still finishes; with no supervisor coding there is no agreement.
    assert (await planner.post(f"{base}/coding/done", json={}, headers=people.dana)).is_success
    assert (await planner.get(f"{base}/agreement", headers=people.dana)).status_code == 409


async def _second_footage(
    planner: httpx.AsyncClient, case: dict[str, Any], people: People, isolated: Isolation
) -> str:
    filming = await film(planner, case["id"], people.dana, days_ago=9)
    footage_id = await footage_arrives(
        isolated, case["case_code"], filming["filming_session_ref"], 10
    )
    base = f"/cases/{case['id']}/footage/{footage_id}"
    await until(planner, base, people.dana, lambda f: f.get("status") == "ready")
    return str(footage_id)


async def _plan_as(
    planner: httpx.AsyncClient, case_id: str, plan_id: str, who: dict[str, str]
) -> dict[str, Any]:
    one = await planner.get(f"/cases/{case_id}/feedback-plans/{plan_id}", headers=who)
    assert one.status_code == 200, one.text
    listed = await planner.get(f"/cases/{case_id}/feedback-plans", headers=who)
    assert listed.status_code == 200, listed.text
    assert listed.json() == [one.json()]
    plan: dict[str, Any] = one.json()
    return plan


async def _review_as(
    planner: httpx.AsyncClient, case_id: str, session_id: str, who: dict[str, str]
) -> dict[str, Any]:
    one = await planner.get(f"/cases/{case_id}/sessions/{session_id}", headers=who)
    assert one.status_code == 200, one.text
    listed = await planner.get(
        f"/cases/{case_id}/sessions", params={"kind": "shared_review"}, headers=who
    )
    assert listed.json()["items"] == [one.json()]
    review: dict[str, Any] = one.json()
    return review


async def _plan_with_clips(
    planner: httpx.AsyncClient,
    people: People,
    isolated: Isolation,
    case: dict[str, Any],
    moment_ids: list[str],
) -> dict[str, Any]:
    """The apprentice's plan of the moments, its clips rendered."""
    case_id = case["id"]
    body = {"moment_ids": moment_ids, "questions": ["What do you see?", "And here?"]}
    plan: dict[str, Any] = await post(
        planner, f"/cases/{case_id}/feedback-plans", body, people.dana
    )
    await clips_rendered(planner, people.dana, isolated, case, plan["id"], {})
    return plan


async def test_plans_clips_and_reviews_keep_the_blind_moments_from_the_supervisor(
    planner: httpx.AsyncClient, people: People, isolated: Isolation
) -> None:
    """The moment listing is not the only view naming moments: a feedback plan (its moments,
    questions, clips and reel) and a shared review's clips shown leave the hidden ones out."""
    case, base = await _apprentice_footage(planner, people, isolated)
    case_id = case["id"]
    await _consent(planner, case_id, people, "supervision_viewing")
    blind_footage = base.rsplit("/", 1)[1]
    seen_footage = await _second_footage(planner, case, people, isolated)
    hidden = await _moment(planner, case_id, blind_footage, people)
    shown = await _moment(planner, case_id, seen_footage, people)
    await _see(planner, f"/cases/{case_id}/footage/{seen_footage}", people.lee)

    plan = await _plan_with_clips(planner, people, isolated, case, [hidden, shown])

    own = await _plan_as(planner, case_id, plan["id"], people.dana)
    assert (own["moment_ids"], own["hidden_moments"]) == ([hidden, shown], 0)
    assert len(own["clip_requests"]) == 2
    theirs = await _plan_as(planner, case_id, plan["id"], people.lee)
    assert (theirs["moment_ids"], theirs["questions"]) == ([shown], ["And here?"])
    assert theirs["hidden_moments"] == 1
    assert [r["footage_id"] for r in theirs["clip_requests"]] == [seen_footage]
    assert hidden not in str(theirs)
    assert all(hidden not in r["clip_keys"][0] for r in theirs["clip_requests"])

    review = {"held_at": ago(days=1), "duration_minutes": 60, "feedback_plan_id": plan["id"]}
    session = await post(planner, f"/cases/{case_id}/sessions/shared-review", review, people.dana)
    mine = await _review_as(planner, case_id, session["id"], people.dana)
    assert [c["moment_id"] for c in mine["clips_shown"]] == [hidden, shown]
    supervised = await _review_as(planner, case_id, session["id"], people.lee)
    assert [c["moment_id"] for c in supervised["clips_shown"]] == [shown]
    assert supervised["hidden_clips"] == 1
    assert hidden not in str(supervised)

    # Once both finished coding the blind footage, the supervisor sees the whole plan.
    for who in (people.lee, people.dana):
        assert (await planner.post(f"{base}/coding/done", json={}, headers=who)).is_success
    whole = await _plan_as(planner, case_id, plan["id"], people.lee)
    assert (whole["moment_ids"], whole["hidden_moments"]) == ([hidden, shown], 0)
    assert len(whole["clip_requests"]) == 2
    reviewed = await _review_as(planner, case_id, session["id"], people.lee)
    assert (len(reviewed["clips_shown"]), reviewed["hidden_clips"]) == (2, 0)
