"""A case listing says what reading each case says, for each role, page by page."""

from __future__ import annotations

from typing import Any

import httpx

from tests.integration.planner.conftest import People
from tests.integration.planner.flows import NOW, open_case

CASES = 3


async def test_a_listing_says_what_reading_each_case_says(
    planner: httpx.AsyncClient, people: People
) -> None:
    opened = [await open_case(planner, people.dana) for _ in range(CASES)]
    closed = await planner.post(
        f"/cases/{opened[0]['id']}/close",
        json={"closed_on": NOW.date().isoformat(), "reason": "goals_reached"},
        headers={**people.dana, "If-Match": '"1"'},
    )
    assert closed.status_code == 200, closed.text
    for headers in (people.dana, people.admin, people.staff):
        listed = await _listed(planner, headers)
        assert listed["total"] == CASES
        for item in listed["items"]:
            read = await planner.get(f"/cases/{item['id']}", headers=headers)
            assert item == read.json()
    staff_view = await _listed(planner, people.staff)
    assert {c["name"] for item in staff_view["items"] for c in item["caregivers"]} == {None}
    assert {item["status"] for item in staff_view["items"]} == {"open", "closed"}


async def test_pages_of_a_listing(planner: httpx.AsyncClient, people: People) -> None:
    for _ in range(CASES):
        await open_case(planner, people.dana)
    everything = await _listed(planner, people.dana)
    second = await _listed(planner, people.dana, limit=1, offset=1)
    assert second == {"items": everything["items"][1:2], "total": 3, "limit": 1, "offset": 1}
    past_the_end = await _listed(planner, people.dana, offset=5)
    assert past_the_end == {"items": [], "total": 3, "limit": 50, "offset": 5}
    none_closed = await _listed(planner, people.dana, status="closed")
    assert none_closed == {"items": [], "total": 0, "limit": 50, "offset": 0}


async def _listed(
    planner: httpx.AsyncClient, headers: dict[str, str], **params: str | int
) -> dict[str, Any]:
    response = await planner.get("/cases", params=params, headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    listed: dict[str, Any] = response.json()
    return listed
