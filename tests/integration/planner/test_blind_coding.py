"""Blind coding both ways: the supervisor does not see the apprentice's moments on a footage
until both finished coding it (or they choose to see them, which closes their coding)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.integration.planner.conftest import People
from tests.integration.planner.flows import post
from tests.integration.planner.test_coaching import _apprentice_footage, _consent
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
