"""Coaching on an apprentice's footage: comments only between apprentice and supervisor, the
supervisor's coding hidden until both finished, one agreement.computed, and consents."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from spin_contracts.events import decode
from spin_contracts.events.coaching import AgreementComputed
from spin_contracts.topics import Topic

from tests.integration.planner.conftest import People
from tests.integration.planner.flows import ago, film, footage_arrives, open_case, post, until
from tests.integration.spincore.helpers import read_topic
from tests.support.isolation import Isolation

pytestmark = pytest.mark.integration


async def _apprentice_footage(
    planner: httpx.AsyncClient, people: People, isolated: Isolation
) -> tuple[dict[str, Any], str]:
    case = await open_case(planner, people.dana)
    filming = await film(planner, case["id"], people.dana)
    footage_id = await footage_arrives(
        isolated, case["case_code"], filming["filming_session_ref"], 10
    )
    base = f"/cases/{case['id']}/footage/{footage_id}"
    await until(planner, base, people.dana, lambda f: f.get("status") == "ready")
    return case, base


async def _consent(planner: httpx.AsyncClient, case_id: str, people: People, purpose: str) -> str:
    body = {"purpose": purpose, "granted_at": ago(days=2)}
    consent: dict[str, Any] = await post(planner, f"/cases/{case_id}/consents", body, people.dana)
    return str(consent["id"])


async def _comment_and_reply(planner: httpx.AsyncClient, people: People, base: str) -> None:
    """The supervisor comments, the apprentice replies; outsiders and late times are refused."""
    comment = await post(
        planner, f"{base}/comments", {"at_s": 4.5, "words": "look here"}, people.lee
    )
    reply = await post(
        planner,
        f"{base}/comments",
        {"at_s": 0, "words": "yes", "reply_to": comment["id"]},
        people.dana,
    )
    assert (reply["reply_to"], reply["at_s"]) == (comment["id"], 4.5)
    for who, status in ((people.admin, 403), (people.sam, 404), (people.pat, 404)):
        assert (await planner.get(f"{base}/comments", headers=who)).status_code == status
    late = await planner.post(
        f"{base}/comments", json={"at_s": 99, "words": "x"}, headers=people.lee
    )
    assert late.status_code == 422
    assert "past the end of the footage" in late.text
    assert [
        c["id"] for c in (await planner.get("/coaching-comments", headers=people.dana)).json()
    ] == [reply["id"], comment["id"]]


async def _both_code(planner: httpx.AsyncClient, people: People, case_id: str, base: str) -> None:
    """The apprentice marks a moment, the supervisor codes one of their own."""
    footage_id = base.rsplit("/", 1)[1]
    await post(
        planner,
        f"/cases/{case_id}/moments",
        {
            "footage_id": footage_id,
            "start_s": 1,
            "end_s": 4,
            "kind": "strength",
            "principles": ["receiving_initiatives"],
        },
        people.dana,
    )
    await post(
        planner,
        f"{base}/coding/moments",
        {"start_s": 2, "end_s": 5, "principles": ["receiving_initiatives"]},
        people.lee,
    )


async def test_comments_coding_and_agreement_between_apprentice_and_supervisor(
    planner: httpx.AsyncClient, people: People, isolated: Isolation
) -> None:
    case, base = await _apprentice_footage(planner, people, isolated)
    unseen = await planner.post(
        f"{base}/comments", json={"at_s": 1, "words": "hi"}, headers=people.lee
    )
    assert unseen.status_code == 404
    assert (
        unseen.json()["detail"]
        == "you may not see this footage, so you cannot comment on it or code it"
    )
    await _consent(planner, case["id"], people, "supervision_viewing")

    await _comment_and_reply(planner, people, base)
    await _both_code(planner, people, case["id"], base)
    refused = await planner.post(
        f"{base}/coding/moments", json={"start_s": 1, "end_s": 2}, headers=people.dana
    )
    assert refused.status_code == 403
    assert (await planner.get(f"{base}/coding", headers=people.dana)).json()[
        "supervisor_moments"
    ] == []
    assert (await planner.get(f"{base}/agreement", headers=people.lee)).status_code == 409
    for who in (people.lee, people.dana):
        finished = await planner.post(f"{base}/coding/done", json={}, headers=who)
        assert finished.status_code == 200, finished.text
    both = finished.json()
    assert len(both["supervisor_moments"]) == 1
    agreement = (await planner.get(f"{base}/agreement", headers=people.dana)).json()
    receiving = next(f for f in agreement["figures"] if f["principle"] == "receiving_initiatives")
    assert receiving["kappa"] == pytest.approx(0.22 / 0.42, abs=1e-6)  # see the unit test
    assert receiving["overlap"] == pytest.approx(0.5)
    events = [decode(raw)[1] for raw in await read_topic(isolated, Topic.PLANNER, 1)]
    computed = [e for e in events if isinstance(e, AgreementComputed)]
    assert len(computed) == 1
    assert computed[0].figures[0].kappa == receiving["kappa"]


@pytest.mark.parametrize(
    "purpose",
    [
        "supervision_viewing",
        "training",
    ],
)
async def test_a_withdrawn_consent_hides_the_footage_from_the_supervisor_at_once(
    planner: httpx.AsyncClient, people: People, isolated: Isolation, purpose: str
) -> None:
    case, base = await _apprentice_footage(planner, people, isolated)
    supervision = await _consent(planner, case["id"], people, "supervision_viewing")
    training = await _consent(planner, case["id"], people, "training")
    assert (await planner.get(base, headers=people.lee)).status_code == 200
    withdrawn = supervision if purpose == "supervision_viewing" else training
    ended = await planner.post(
        f"/cases/{case['id']}/consents/{withdrawn}/withdraw",
        json={"withdrawn_at": ago(minutes=1)},
        headers=people.dana,
    )
    assert ended.status_code == 200, ended.text
    assert (await planner.get(base, headers=people.lee)).status_code == 404
    comment = await planner.post(
        f"{base}/comments", json={"at_s": 1, "words": "x"}, headers=people.lee
    )
    assert comment.status_code == 404
    assert (await planner.get(base, headers=people.dana)).status_code == 200
