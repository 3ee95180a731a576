"""Input an outside probe sent: each is a 4xx naming the field, never a 500 or an echo."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from tests.integration.planner.conftest import People
from tests.integration.planner.flows import ago, open_case, post

pytestmark = pytest.mark.integration
MIB = 1024 * 1024


def refused_fields(response: httpx.Response) -> dict[str, str]:
    assert response.status_code == 422, response.text
    return {".".join(map(str, e["loc"])): e["msg"] for e in response.json()["detail"]}


async def test_text_postgresql_cannot_store_is_refused_naming_the_field(
    planner: httpx.AsyncClient, people: People
) -> None:
    case = await open_case(planner, people.dana)
    questions = f"/cases/{case['id']}/helping-questions"
    nul = await planner.post(
        questions,
        json={"words": "why\u0000bedtime", "recorded_at": ago(days=1)},
        headers=people.dana,
    )
    assert "NUL character" in refused_fields(nul)["body.words"]
    as_json = {**people.dana, "Content-Type": "application/json"}
    surrogate = await planner.post(
        questions,
        content=f'{{"words": "why \\ud800 bedtime", "recorded_at": "{ago(days=1)}"}}',
        headers=as_json,
    )
    assert "body.words" in refused_fields(surrogate)
    nested = await planner.post(
        "/cases",
        json={
            "delivery_setting": "adoptive_home",
            "caregivers": [{"relation": "mother", "name": "A\u0000nn"}],
            "children": [{"age": 3}],
            "opened_on": ago(days=3)[:10],
        },
        headers=people.dana,
    )
    assert "NUL character" in refused_fields(nested)["body.caregivers.0.name"]


async def test_dates_before_1900_are_refused(planner: httpx.AsyncClient, people: People) -> None:
    case = await open_case(planner, people.dana)
    consents = f"/cases/{case['id']}/consents"
    ancient = await planner.post(
        consents,
        json={"purpose": "filming", "granted_at": "0001-01-01T00:00:00Z"},
        headers=people.dana,
    )
    assert "between 1900 and 2999" in refused_fields(ancient)["body.granted_at"]
    recent = await post(
        planner, consents, {"purpose": "filming", "granted_at": ago(days=2)}, people.dana
    )
    assert recent["granted_at"].endswith(("+00:00", "Z"))


async def test_query_and_path_values_are_checked_before_the_database(
    planner: httpx.AsyncClient, people: People
) -> None:
    nul = await planner.get("/cases", params={"practitioner_id": "dana\x00"}, headers=people.dana)
    assert "NUL character" in refused_fields(nul)["query.practitioner_id"]
    for listing in ("/cases", "/practitioners", "/supervisions"):
        beyond = await planner.get(listing, params={"offset": 2**63}, headers=people.admin)
        assert "query.offset" in refused_fields(beyond), listing


async def test_the_path_is_checked_before_if_match(
    planner: httpx.AsyncClient, people: People
) -> None:
    closure = {"closed_on": ago(days=1)[:10], "reason": "goals_reached"}
    for if_match in ({"If-Match": "nonsense"}, {}):
        bad_path = await planner.post(
            "/cases/0/close", json=closure, headers={**people.dana, **if_match}
        )
        assert "path.case_id" in refused_fields(bad_path), if_match
    case = await open_case(planner, people.dana)
    stale = await planner.post(
        f"/cases/{case['id']}/close", json=closure, headers={**people.dana, "If-Match": "x"}
    )
    assert stale.status_code == 412


async def test_bodies_over_the_limit_are_refused_with_a_sentence(
    planner: httpx.AsyncClient, people: People
) -> None:
    case = await open_case(planner, people.dana)
    questions = f"/cases/{case['id']}/helping-questions"
    huge = {"words": "x" * (2 * MIB), "recorded_at": ago(days=1)}
    declared = await planner.post(questions, json=huge, headers=people.dana)
    assert declared.status_code == 413
    assert declared.json()["detail"] == (
        "The request body is larger than 1 MiB, the most this service accepts."
    )

    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: the limit counts what arrives
        for _ in range(40):
            yield b" " * 65536

    chunked = await planner.post(
        questions, content=chunks(), headers={**people.dana, "Content-Type": "application/json"}
    )
    assert chunked.status_code == 413
    assert "larger than 1 MiB" in chunked.json()["detail"]


async def test_a_refusal_echoes_only_an_excerpt_of_the_input(
    planner: httpx.AsyncClient, people: People
) -> None:
    case = await open_case(planner, people.dana)
    long_words = "why does bedtime always end in tears " * 20_000  # 740 kB, over max_length
    refused = await planner.post(
        f"/cases/{case['id']}/helping-questions",
        json={"words": long_words, "recorded_at": ago(days=1), long_words[:5000]: 1},
        headers=people.dana,
    )
    assert refused.status_code == 422
    assert len(refused.content) < 2000, len(refused.content)
    problems = {e["type"]: e for e in refused.json()["detail"]}
    assert problems["string_too_long"]["input"].startswith("why does bedtime")
    assert len(problems["string_too_long"]["input"]) <= 41


async def test_institute_staff_may_not_read_supervision_notes(
    planner: httpx.AsyncClient, people: People
) -> None:
    body = {
        "practitioner_id": "dana-reyes",
        "held_at": ago(days=3),
        "duration_minutes": 60,
        "note": "Dana found the father's anger hard to hold",
    }
    await post(planner, "/supervisions", body, people.lee)
    staff = await planner.get("/supervisions", headers=people.staff)
    assert staff.status_code == 403
    assert "not open to the role" in staff.json()["detail"]
    sessions = await planner.get(
        "/cases/00000000-0000-4000-8000-000000000001/sessions", headers=people.staff
    )
    assert sessions.status_code == 403  # the same rule as for session notes
    admin = await planner.get("/supervisions", headers=people.admin)
    assert [s["note"] for s in admin.json()["items"]] == [body["note"]]
