"""The VIG cycle end to end through the planner, with footage and clip events on real Kafka."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

import httpx
import pytest
from spin_contracts.events import Envelope, Tenant, decode
from spin_contracts.events.footage import ClipRendered, RenderedClip
from spin_contracts.topics import Topic
from spincore.kafka import make_producer, publish

from tests.integration.planner.conftest import AGENCY, INSTITUTE, People
from tests.integration.planner.flows import ago, film, footage_arrives, open_case, post, until
from tests.integration.spincore.helpers import read_topic
from tests.support.isolation import Isolation

pytestmark = pytest.mark.integration
WORDS = "Why does bedtime always end in a fight?"


async def _micro_analysis(
    planner: httpx.AsyncClient, people: People, case_id: str, footage_id: UUID, hq: str
) -> list[dict[str, Any]]:
    strength = await post(
        planner,
        f"/cases/{case_id}/moments",
        {
            "footage_id": str(footage_id),
            "start_s": 62.5,
            "end_s": 71,
            "principles": ["Taking turns", "receiving_initiatives.receiving_with_words"],
            "kind": "strength",
            "helping_question_id": hq,
            "note": "she waits for him",
        },
        people.dana,
    )
    working = await post(
        planner,
        f"/cases/{case_id}/moments",
        {
            "footage_id": str(footage_id),
            "start_s": 120,
            "end_s": 131,
            "principles": ["guiding"],
            "kind": "working_point",
        },
        people.dana,
    )
    assert strength["principles"] == [
        "developing_attuned_interactions",
        "receiving_initiatives.receiving_with_words",
    ]
    return [strength, working]


async def _clips_render(isolated: Isolation, request: dict[str, Any], case_code: str) -> None:
    rendered = ClipRendered(
        request_id=request["id"],
        footage_id=request["footage_id"],
        case_code=case_code,
        bucket="b",
        clips=[
            RenderedClip(clip_id=m, key=f"clips/{m}.mp4", duration_s=8)
            for m in request["moment_ids"]
        ],
        reel_key="reels/r.mp4",
    )
    producer = make_producer(isolated.endpoints.kafka, "test-clips")
    await producer.start()
    try:
        tenant = Tenant(institute_id=INSTITUTE, agency_id=AGENCY)
        envelope = Envelope.wrap(rendered, producer="test", tenant=tenant)
        await publish(producer, envelope, rendered, isolated.topic_prefix)
        await publish(producer, envelope, rendered, isolated.topic_prefix)  # a redelivery
    finally:
        await producer.stop()


async def clips_rendered(
    planner: httpx.AsyncClient,
    who: dict[str, str],
    isolated: Isolation,
    case: dict[str, Any],
    plan_id: str,
    order: dict[str, Any],
) -> dict[str, Any]:
    """The plan's clips asked for (as `order` says) and rendered; the plan as it is then."""
    plan_path = f"/cases/{case['id']}/feedback-plans/{plan_id}"
    made = await post(planner, f"{plan_path}/clip-requests", order, who)
    for request in made["clip_requests"]:
        assert request["status"] == "requested"
        await _clips_render(isolated, request, case["case_code"])
    rendered: dict[str, Any] = await until(
        planner,
        plan_path,
        who,
        lambda p: all(r["status"] == "rendered" for r in p["clip_requests"]),
    )
    return rendered


async def _consented_question(
    planner: httpx.AsyncClient, people: People, case_id: str
) -> dict[str, Any]:
    """Filming consent, then the helping question."""
    await post(
        planner,
        f"/cases/{case_id}/consents",
        {"purpose": "filming", "granted_at": ago(days=20)},
        people.dana,
    )
    hq: dict[str, Any] = await post(
        planner,
        f"/cases/{case_id}/helping-questions",
        {"words": WORDS, "goals": ["calm bedtime"], "recorded_at": ago(days=19)},
        people.dana,
    )
    return hq


async def _plan_rendered(
    planner: httpx.AsyncClient,
    people: People,
    isolated: Isolation,
    case: dict[str, Any],
    moments: list[dict[str, Any]],
) -> dict[str, Any]:
    """The plan of the moments, its clips and titled reel rendered."""
    case_id = case["id"]
    plan: dict[str, Any] = await post(
        planner,
        f"/cases/{case_id}/feedback-plans",
        {
            "moment_ids": [m["id"] for m in moments],
            "principles_in_focus": ["Naming with approval"],
            "questions": ["What do you see yourself doing here?"],
        },
        people.dana,
    )
    assert plan["principles_in_focus"] == ["encouraging_initiatives"]
    order = {"reel": True, "reel_title": "week 3"}
    rendered = await clips_rendered(planner, people.dana, isolated, case, plan["id"], order)
    assert rendered["clip_requests"][0]["reel_key"] == "reels/r.mp4"
    assert rendered["clip_requests"][0]["reel_title"] == "week 3", "the title stays here"
    return plan


async def _close(planner: httpx.AsyncClient, people: People, case_id: str) -> None:
    current = await planner.get(f"/cases/{case_id}", headers=people.dana)
    closed = await planner.post(
        f"/cases/{case_id}/close",
        json={"closed_on": ago(days=1)[:10], "reason": "goals_reached", "self_rating_end": 8},
        headers={**people.dana, "If-Match": current.headers["ETag"]},
    )
    assert closed.status_code == 200, closed.text
    assert closed.json()["status"] == "closed"


async def test_a_whole_cycle_is_recorded_linked_and_published(
    planner: httpx.AsyncClient, people: People, isolated: Isolation
) -> None:
    case = await open_case(planner, people.dana)
    case_id, code = case["id"], case["case_code"]
    hq = await _consented_question(planner, people, case_id)
    filming = await film(planner, case_id, people.dana)
    footage_id = await footage_arrives(isolated, code, filming["filming_session_ref"], 600)

    session = await until(
        planner,
        f"/cases/{case_id}/sessions/{filming['id']}",
        people.dana,
        lambda s: s["footage"] and s["footage"][0]["status"] == "ready",
    )
    assert session["footage"][0]["duration_s"] == 600
    assert session["footage"][0]["id"] == str(footage_id)

    strength, working = await _micro_analysis(planner, people, case_id, footage_id, hq["id"])
    plan = await _plan_rendered(planner, people, isolated, case, [strength, working])

    review = await post(
        planner,
        f"/cases/{case_id}/sessions/shared-review",
        {
            "held_at": ago(days=8),
            "duration_minutes": 60,
            "feedback_plan_id": plan["id"],
            "homework": "name one thing he does well at bedtime",
            "parent_reflection": "I did not notice I waited",
        },
        people.dana,
    )
    assert [c["moment_id"] for c in review["clips_shown"]] == [strength["id"], working["id"]]
    assert review["homework_agreed"] is True
    shown = (
        await planner.get(f"/cases/{case_id}/feedback-plans/{plan['id']}", headers=people.dana)
    ).json()
    assert shown["status"] == "shown"

    await _close(planner, people, case_id)

    await _events_are_complete_and_wordless(isolated, case_id, plan["id"], strength["id"])


async def _events_are_complete_and_wordless(
    isolated: Isolation, case_id: str, plan_id: str, strength_id: str
) -> None:
    raw = await read_topic(isolated, Topic.PLANNER, expected=8)
    events = [decode(value) for value in raw]
    mine = [(env, ev) for env, ev in events if str(getattr(ev, "case_id", "")) == case_id]
    assert [env.event_type for env, _ in mine] == [
        "case.opened",
        "helping_question.recorded",
        "session.recorded",
        "moment.marked",
        "moment.marked",
        "feedback_plan.prepared",
        "session.recorded",
        "case.closed",
    ]
    review = mine[6][1].model_dump(mode="json")
    assert review["kind"] == "shared_review"
    assert review["feedback_plan_id"] == plan_id
    assert review["clips_shown"][0] == {
        "moment_id": strength_id,
        "kind": "strength",
        "helping_question_id": mine[1][1].model_dump(mode="json")["helping_question_id"],
    }
    assert all(env.tenant.agency_id == AGENCY for env, _ in mine)
    everything = b"".join(raw) + b"".join(await read_topic(isolated, Topic.CLIPS, expected=3))
    for private in (b"bedtime", b"Ann", b'Jo"', b"she waits", b"notice I waited", b"week 3"):
        assert private not in everything
    consent = [json.loads(v) for v in await read_topic(isolated, Topic.CONSENT, expected=1)]
    assert consent[0]["event_type"] == "consent.granted"
