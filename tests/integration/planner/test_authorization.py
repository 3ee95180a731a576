"""Every endpoint: another agency's objects answer 404, a role that may not act answers 403."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.integration.planner.conftest import AGENCY, INSTITUTE, People
from tests.integration.planner.flows import ago, film, open_case, post

pytestmark = pytest.mark.integration
SOME_ID = "00000000-0000-4000-8000-000000000001"

# (method, path, body, who has the wrong role); {case}, {consent}, {question}, {session}
# are filled in with objects of agency A.
CASE_ENDPOINTS: list[tuple[str, str, dict[str, Any] | None, str]] = [
    ("GET", "/cases/{case}", None, "uploader"),
    ("PATCH", "/cases/{case}", {"self_rating_start": 5}, "staff"),
    ("POST", "/cases/{case}/close", {"closed_on": "2026-01-01", "reason": "moved"}, "staff"),
    (
        "POST",
        "/cases/{case}/consents",
        {"purpose": "filming", "granted_at": "2026-01-01T00:00:00Z"},
        "staff",
    ),
    ("GET", "/cases/{case}/consents", None, "staff"),
    (
        "POST",
        "/cases/{case}/consents/{consent}/withdraw",
        {"withdrawn_at": "2026-01-02T00:00:00Z"},
        "staff",
    ),
    (
        "POST",
        "/cases/{case}/helping-questions",
        {"words": "why?", "recorded_at": "2026-01-01T00:00:00Z"},
        "staff",
    ),
    ("GET", "/cases/{case}/helping-questions", None, "staff"),
    ("GET", "/cases/{case}/helping-questions/{question}", None, "staff"),
    ("PATCH", "/cases/{case}/helping-questions/{question}", {"status": "achieved"}, "staff"),
    (
        "POST",
        "/cases/{case}/sessions/filming",
        {"held_at": "2026-01-01T00:00:00Z", "duration_minutes": 30, "children_present": True},
        "staff",
    ),
    (
        "POST",
        "/cases/{case}/sessions/shared-review",
        {"held_at": "2026-01-01T00:00:00Z", "duration_minutes": 30},
        "staff",
    ),
    (
        "POST",
        "/cases/{case}/sessions/adolescent-coaching",
        {"held_at": "2026-01-01T00:00:00Z", "duration_minutes": 30},
        "staff",
    ),
    ("GET", "/cases/{case}/sessions", None, "staff"),
    ("GET", "/cases/{case}/sessions/{session}", None, "staff"),
    ("GET", "/cases/{case}/footage", None, "staff"),
    ("GET", "/cases/{case}/footage/" + SOME_ID, None, "staff"),
    (
        "POST",
        "/cases/{case}/moments",
        {"footage_id": SOME_ID, "start_s": 1, "end_s": 2, "kind": "strength"},
        "staff",
    ),
    ("GET", "/cases/{case}/moments", None, "staff"),
    ("GET", "/cases/{case}/moments/" + SOME_ID, None, "staff"),
    ("PATCH", "/cases/{case}/moments/" + SOME_ID, {"note": "x"}, "staff"),
    ("DELETE", "/cases/{case}/moments/" + SOME_ID, None, "staff"),
    ("POST", "/cases/{case}/feedback-plans", {"moment_ids": [SOME_ID]}, "staff"),
    ("GET", "/cases/{case}/feedback-plans", None, "staff"),
    ("GET", "/cases/{case}/feedback-plans/" + SOME_ID, None, "staff"),
    ("PATCH", "/cases/{case}/feedback-plans/" + SOME_ID, {"questions": ["q"]}, "staff"),
    (
        "POST",
        "/cases/{case}/feedback-plans/" + SOME_ID + "/clip-requests",
        {"reel": False},
        "staff",
    ),
]


async def _objects_of_agency_a(planner: httpx.AsyncClient, people: People) -> dict[str, str]:
    case = await open_case(planner, people.dana)
    case_id = case["id"]
    consent = await post(
        planner,
        f"/cases/{case_id}/consents",
        {"purpose": "filming", "granted_at": ago(days=9)},
        people.dana,
    )
    question = await post(
        planner,
        f"/cases/{case_id}/helping-questions",
        {"words": "why bedtime?", "recorded_at": ago(days=9)},
        people.dana,
    )
    session = await film(planner, case_id, people.dana)
    return {
        "case": case_id,
        "consent": consent["id"],
        "question": question["id"],
        "session": session["id"],
    }


async def _call(
    client: httpx.AsyncClient, method: str, path: str, body: Any, headers: dict[str, str]
) -> httpx.Response:
    headers = {**headers, "If-Match": '"1"'}
    return await client.request(method, path, json=body, headers=headers)


async def test_case_endpoints_hide_other_agencies_and_refuse_wrong_roles(
    planner: httpx.AsyncClient, people: People
) -> None:
    ids = await _objects_of_agency_a(planner, people)
    for method, template, body, wrong_role in CASE_ENDPOINTS:
        path = template.format(**ids)
        other_agency = await _call(planner, method, path, body, people.other_admin)
        assert other_agency.status_code == 404, (method, template, other_agency.text)
        assert other_agency.json()["detail"] == "no such case"
        colleague = await _call(planner, method, path, body, people.sam)
        assert colleague.status_code == 404, (method, template, colleague.text)
        role = await _call(planner, method, path, body, getattr(people, wrong_role))
        assert role.status_code == 403, (method, template, role.text)
        assert "not open to the role" in role.json()["detail"]


async def test_case_listing_is_narrowed_to_what_the_caller_may_see(
    planner: httpx.AsyncClient, people: People
) -> None:
    ids = await _objects_of_agency_a(planner, people)
    danas = (await planner.get(f"/cases/{ids['case']}", headers=people.dana)).json()["case_code"]
    sams = (await open_case(planner, people.sam))["case_code"]
    pats = (await open_case(planner, people.pat))["case_code"]

    async def codes(headers: dict[str, str]) -> set[str]:
        response = await planner.get("/cases", params={"status": "open"}, headers=headers)
        assert response.status_code == 200, response.text
        return {case["case_code"] for case in response.json()["items"]}

    assert await codes(people.dana) == {danas}
    assert await codes(people.admin) == {danas, sams}
    assert await codes(people.other_admin) == {pats}
    assert await codes(people.staff) == {danas, sams, pats}
    assert await codes(people.foreign_staff) == set()
    assert await codes(people.lee) == set()  # no supervision consent yet
    forbidden = await planner.get("/cases", headers=people.uploader)
    assert forbidden.status_code == 403

    await post(
        planner,
        f"/cases/{ids['case']}/consents",
        {"purpose": "supervision_viewing", "granted_at": ago(days=1)},
        people.dana,
    )
    assert await codes(people.lee) == {danas}
    seen = await planner.get(f"/cases/{ids['case']}/helping-questions", headers=people.lee)
    assert seen.status_code == 200
    edit = await planner.post(
        f"/cases/{ids['case']}/helping-questions",
        json={"words": "lee's words", "recorded_at": ago(hours=1)},
        headers=people.lee,
    )
    assert edit.status_code == 403
    assert "may not change" in edit.json()["detail"]

    metadata = await planner.get(f"/cases/{ids['case']}", headers=people.staff)
    assert metadata.status_code == 200
    assert [c["name"] for c in metadata.json()["caregivers"]] == [None]
    foreign = await planner.get(f"/cases/{ids['case']}", headers=people.foreign_staff)
    assert foreign.status_code == 404


Refusal = tuple[str, dict[str, str], dict[str, Any], int]


def _directory_refusals(people: People) -> list[Refusal]:
    """(path, who, body, status): a role that falls short is 403, another tenant 404."""
    return [
        ("/institutes", people.admin, {"id": "spin-x", "name": "X", "country": "DE"}, 403),
        ("/agencies", people.admin, {"id": "a-x", "institute_id": INSTITUTE, "name": "X"}, 403),
        (
            "/agencies",
            people.foreign_staff,
            {"id": "a-x", "institute_id": INSTITUTE, "name": "X"},
            404,
        ),
        ("/sites", people.staff, {"id": "s-x", "agency_id": AGENCY, "name": "X"}, 403),
        ("/sites", people.other_admin, {"id": "s-x", "agency_id": AGENCY, "name": "X"}, 404),
        (
            "/practitioners",
            people.dana,
            {"id": "p-x", "site_id": "boston-north", "display_name": "X"},
            403,
        ),
        (
            "/practitioners",
            people.other_admin,
            {"id": "p-x", "site_id": "boston-north", "display_name": "X"},
            404,
        ),
        (
            "/supervisions",
            people.dana,
            {"practitioner_id": "dana-reyes", "held_at": ago(days=1), "duration_minutes": 60},
            403,
        ),
        (
            "/supervisions",
            people.other_admin,
            {
                "practitioner_id": "dana-reyes",
                "supervisor_id": "lee-okafor",
                "held_at": ago(days=1),
                "duration_minutes": 60,
            },
            404,
        ),
    ]


async def test_directory_endpoints(planner: httpx.AsyncClient, people: People) -> None:
    refusals = _directory_refusals(people)
    for path, headers, body, expected in refusals:
        response = await planner.post(path, json=body, headers=headers)
        assert response.status_code == expected, (path, response.text)
    for path in (
        "/institutes",
        "/agencies",
        "/sites",
        "/practitioners",
        "/supervisions",
        "/vocabulary",
    ):
        assert (await planner.get(path, headers=people.uploader)).status_code == 403, path
    mine = await planner.get("/practitioners", headers=people.other_admin)
    assert [p["id"] for p in mine.json()["items"]] == ["pat-moss"]
    apprentices = await planner.get(
        "/practitioners", params={"supervisor_id": "lee-okafor"}, headers=people.admin
    )
    assert [p["id"] for p in apprentices.json()["items"]] == ["dana-reyes"]


async def test_supervision_is_recorded_by_the_supervisor_of_the_apprentice(
    planner: httpx.AsyncClient, people: People
) -> None:
    body = {"practitioner_id": "dana-reyes", "held_at": ago(days=3), "duration_minutes": 90}
    recorded = await post(planner, "/supervisions", body, people.lee)
    assert recorded["supervisor_id"] == "lee-okafor"
    wrong = await planner.post(
        "/supervisions",
        json={**body, "practitioner_id": "sam-ito"},
        headers=people.lee,
    )
    assert wrong.status_code == 422
    assert wrong.json()["detail"][0]["msg"] == "'lee-okafor' is not the supervisor of 'sam-ito'"
    listed = await planner.get("/supervisions", headers=people.dana)
    assert [s["id"] for s in listed.json()["items"]] == [recorded["id"]]
    assert (await planner.get("/supervisions", headers=people.other_admin)).json()["total"] == 0
