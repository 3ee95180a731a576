"""A plan's clips kept in a browser for a visit without network: only where the agency allows
downloads, only once the clips are made and before the plan is shown, by those who may change
the case; the copy and its deletion are events with ids and counts only."""

from __future__ import annotations

import httpx
import pytest
from spin_contracts.events import decode
from spin_contracts.topics import Topic

from tests.integration.planner.conftest import AGENCY, People
from tests.integration.planner.flows import ago, post
from tests.integration.planner.test_coaching import _apprentice_footage, _consent
from tests.integration.planner.test_cycle import clips_rendered
from tests.integration.spincore.helpers import read_topic
from tests.support.isolation import Isolation

pytestmark = pytest.mark.integration
COPY = {"clip_count": 1, "reel": True}


async def _allow_downloads(planner: httpx.AsyncClient, people: People) -> None:
    read = await planner.get(f"/agencies/{AGENCY}", headers=people.admin)
    changed = await planner.patch(
        f"/agencies/{AGENCY}",
        json={"downloads_allowed": True},
        headers={**people.admin, "If-Match": read.headers["ETag"]},
    )
    assert changed.status_code == 200, changed.text


async def test_an_offline_copy_follows_the_agency_setting_and_the_plan(
    planner: httpx.AsyncClient, people: People, isolated: Isolation
) -> None:
    case, base = await _apprentice_footage(planner, people, isolated)
    case_id = case["id"]
    await _consent(planner, case_id, people, "supervision_viewing")
    body = {
        "footage_id": base.rsplit("/", 1)[1],
        "start_s": 1,
        "end_s": 4,
        "kind": "strength",
        "principles": ["guiding"],
    }
    moment = await post(planner, f"/cases/{case_id}/moments", body, people.dana)
    plan = await post(
        planner, f"/cases/{case_id}/feedback-plans", {"moment_ids": [moment["id"]]}, people.dana
    )
    copy = f"/cases/{case_id}/feedback-plans/{plan['id']}/offline-copy"

    policy = await planner.get(f"/cases/{case_id}/offline-policy", headers=people.dana)
    assert policy.json() == {"downloads_allowed": False}
    refused = await planner.post(copy, json=COPY, headers=people.dana)
    assert refused.status_code == 403
    assert "does not allow footage to be kept on a device" in refused.json()["detail"]

    await _allow_downloads(planner, people)
    policy = await planner.get(f"/cases/{case_id}/offline-policy", headers=people.lee)
    assert policy.json() == {"downloads_allowed": True}
    early = await planner.post(copy, json=COPY, headers=people.dana)
    assert early.status_code == 409
    assert "not ready yet" in early.json()["detail"]

    await clips_rendered(planner, people.dana, isolated, case, plan["id"], {})
    supervisor = await planner.post(copy, json=COPY, headers=people.lee)
    assert supervisor.status_code == 403  # reads the apprentice's case, does not prepare it
    assert (await planner.post(copy, json=COPY, headers=people.dana)).status_code == 204
    deleted = await planner.post(f"{copy}/deletion", headers=people.dana)
    assert deleted.status_code == 204

    review = {"held_at": ago(days=1), "duration_minutes": 60, "feedback_plan_id": plan["id"]}
    await post(planner, f"/cases/{case_id}/sessions/shared-review", review, people.dana)
    late = await planner.post(copy, json=COPY, headers=people.dana)
    assert late.status_code == 409
    assert "already shown" in late.json()["detail"]

    await _offline_events_carry_the_plan(isolated, plan["id"])


async def _offline_events_carry_the_plan(isolated: Isolation, plan_id: str) -> None:
    """Prepared offline, then deleted: the plan's id and its clips, in the agency's name."""
    events = [
        decode(v) for v in await read_topic(isolated, Topic.PLANNER, expected=7, timeout_s=20)
    ]
    offline = [
        (env.event_type, ev.model_dump(mode="json"))
        for env, ev in events
        if env.event_type.startswith("feedback_plan.") and "offline" in env.event_type
    ]
    assert [kind for kind, _ in offline] == [
        "feedback_plan.prepared_offline",
        "feedback_plan.offline_copy_deleted",
    ]
    assert {k: offline[0][1][k] for k in ("feedback_plan_id", "clip_count", "reel")} == {
        "feedback_plan_id": plan_id,
        "clip_count": 1,
        "reel": True,
    }
    assert all(env.tenant.agency_id == AGENCY for env, _ in events)
