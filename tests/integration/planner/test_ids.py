"""Ids are the planner's to give: creating an object never tells of another tenant's ids."""

from __future__ import annotations

import re

import httpx

from tests.integration.planner.conftest import AGENCY, OTHER_AGENCY, OTHER_INSTITUTE, People
from tests.integration.planner.flows import ago, open_case

CASE_CODE = re.compile(r"^C(-[0-9A-HJKMNP-TV-Z]{4}){3}$")


def _case(**extra: str) -> dict[str, object]:
    return {
        "delivery_setting": "adoptive_home",
        "caregivers": [{"relation": "mother"}],
        "children": [{"age": 3}],
        "opened_on": ago(days=3)[:10],
        **extra,
    }


async def test_a_taken_case_code_is_never_confirmed_to_another_agency(
    planner: httpx.AsyncClient, people: People
) -> None:
    danas = (await open_case(planner, people.dana))["case_code"]
    taken = await planner.post("/cases", json=_case(case_code=danas), headers=people.pat)
    free = await planner.post("/cases", json=_case(case_code="US-SAL-0001"), headers=people.pat)
    # A code taken by another agency and a free one get the same answer: not a 409.
    assert [taken.status_code, free.status_code] == [422, 422]
    assert taken.json()["detail"] == free.json()["detail"]
    assert "leave case_code out" in taken.json()["detail"][0]["msg"]
    opened = [await open_case(planner, people.pat) for _ in range(2)]
    codes = [case["case_code"] for case in opened]
    assert all(CASE_CODE.match(code) for code in codes), codes
    assert len({danas, *codes}) == 3


async def test_a_taken_directory_id_is_never_confirmed_to_another_tenant(
    planner: httpx.AsyncClient, people: People
) -> None:
    attempts = [
        ("/sites", people.other_admin, {"agency_id": OTHER_AGENCY, "name": "N"}, "boston-north"),
        (
            "/practitioners",
            people.other_admin,
            {"site_id": "salem", "display_name": "D"},
            "dana-reyes",
        ),
        (
            "/agencies",
            people.foreign_staff,
            {"institute_id": OTHER_INSTITUTE, "name": "H"},
            AGENCY,
        ),
    ]
    for path, headers, body, taken_id in attempts:
        taken = await planner.post(path, json={**body, "id": taken_id}, headers=headers)
        free = await planner.post(path, json={**body, "id": "never-used-0"}, headers=headers)
        assert [taken.status_code, free.status_code] == [422, 422], (path, taken.text)
        assert taken.json()["detail"] == free.json()["detail"], path
        created = await planner.post(path, json=body, headers=headers)
        assert created.status_code == 201, created.text
        assert re.match(r"^(site|prac|agency)-[0-9a-f]{16}$", created.json()["id"]), created.text


async def test_the_service_role_may_name_ids_and_hears_of_its_own_clashes(
    planner: httpx.AsyncClient, people: People
) -> None:
    named = await planner.post(
        "/sites", json={"id": "boston-south", "agency_id": AGENCY, "name": "S"}, headers=people.ops
    )
    assert named.status_code == 201, named.text
    assert named.json()["id"] == "boston-south"
    again = await planner.post(
        "/sites", json={"id": "boston-south", "agency_id": AGENCY, "name": "S"}, headers=people.ops
    )
    assert again.status_code == 409
