"""Corrections after the fact: moments, plans and footage status, each published once."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from spin_contracts.events import Envelope, Event, Tenant, decode
from spin_contracts.events.failures import FailureCode, SegmentFault, SegmentProblem
from spin_contracts.events.footage import ClipFailed, FootageFailed, FootageTranscodeProgress
from spin_contracts.topics import Topic
from spincore.kafka import make_producer, publish

from tests.integration.planner.conftest import AGENCY, INSTITUTE, People
from tests.integration.planner.flows import (
    ago,
    film,
    footage_arrives,
    open_case,
    post,
    until,
    upload_of,
)
from tests.integration.spincore.helpers import read_topic
from tests.support.isolation import Isolation

pytestmark = pytest.mark.integration
TENANT = Tenant(institute_id=INSTITUTE, agency_id=AGENCY)


async def announce(isolated: Isolation, *events: Event) -> None:
    producer = make_producer(isolated.endpoints.kafka, "test-announce")
    await producer.start()
    try:
        for event in events:
            envelope = Envelope.wrap(event, producer="test", tenant=TENANT)
            await publish(producer, envelope, event, isolated.topic_prefix)
    finally:
        await producer.stop()


def _gave_up(footage_id: UUID, code: str) -> FootageFailed:
    return FootageFailed(
        footage_id=footage_id,
        case_code=code,
        stage="transcode",
        reason="corrupt",
        attempts=3,
        reason_code=FailureCode.GAVE_UP,
    )


async def _filming_lists_both(
    planner: httpx.AsyncClient, people: People, case_id: str, session_id: str, both: set[UUID]
) -> None:
    """The filming session, alone and in the case's sessions, names both footage."""
    session = (
        await planner.get(f"/cases/{case_id}/sessions/{session_id}", headers=people.dana)
    ).json()
    assert {f["id"] for f in session["footage"]} == {str(f) for f in both}
    listed = (await planner.get(f"/cases/{case_id}/sessions", headers=people.dana)).json()
    assert [f["id"] for f in listed["items"][0]["footage"]] == [f["id"] for f in session["footage"]]


async def test_footage_status_follows_progress_and_failure_without_going_back(
    planner: httpx.AsyncClient, people: People, isolated: Isolation
) -> None:
    case = await open_case(planner, people.dana)
    filming = await film(planner, case["id"], people.dana)
    code, ref = case["case_code"], filming["filming_session_ref"]
    broken, fine = uuid4(), uuid4()

    def progress(footage_id: UUID, percent: int) -> FootageTranscodeProgress:
        return FootageTranscodeProgress(
            footage_id=footage_id, case_code=code, percent=percent, stage="720p"
        )

    await announce(isolated, upload_of(broken, code, ref), progress(broken, 40))
    footage = f"/cases/{case['id']}/footage"
    # Progress and failures travel on different topics: the failure goes out once the progress
    # is in, or the progress would rightly count as late.
    await until(planner, footage, people.dana, lambda rows: rows and rows[0]["percent"] == 40)
    await announce(isolated, _gave_up(broken, code))
    await until(planner, footage, people.dana, lambda rows: rows[0]["status"] == "failed")
    # A late progress report, then one of another footage on the same topic behind it.
    await announce(isolated, progress(broken, 60), upload_of(fine, code, ref), progress(fine, 30))
    rows = await until(
        planner,
        footage,
        people.dana,
        lambda rows: {row["id"]: row["percent"] for row in rows}.get(str(fine)) == 30,
    )
    by_id = {row["id"]: row for row in rows}
    assert by_id[str(broken)]["status"] == "failed"
    assert by_id[str(broken)]["percent"] == 40
    assert by_id[str(broken)]["failure_reason"] == "corrupt"
    # The code and its values, for the portal to word in its reader's language.
    assert by_id[str(broken)]["failure"] == {
        "code": "gave_up",
        "stage": "transcode",
        "attempts": 3,
        "short_of_disk": False,
        "duration_s": None,
        "limit_s": None,
        "problems": None,
    }
    assert by_id[str(fine)]["failure"] is None
    assert by_id[str(fine)]["status"] == "transcoding"
    await _filming_lists_both(planner, people, case["id"], filming["id"], {broken, fine})


async def _moment(
    planner: httpx.AsyncClient, people: People, isolated: Isolation
) -> dict[str, Any]:
    case = await open_case(planner, people.dana)
    filming = await film(planner, case["id"], people.dana)
    footage_id = await footage_arrives(
        isolated, case["case_code"], filming["filming_session_ref"], 120
    )
    await until(
        planner,
        f"/cases/{case['id']}/footage",
        people.dana,
        lambda rows: rows and rows[0]["status"] == "ready",
    )
    return await post(
        planner,
        f"/cases/{case['id']}/moments",
        {"footage_id": str(footage_id), "start_s": 5, "end_s": 12, "kind": "working_point"},
        people.dana,
    )


async def _plan_revised_until_shown(
    planner: httpx.AsyncClient, people: People, case_id: str, moment_id: str
) -> None:
    """A plan changes with If-Match; once a shared review showed it, it and its review stay."""
    plan = await post(
        planner, f"/cases/{case_id}/feedback-plans", {"moment_ids": [moment_id]}, people.dana
    )
    plan_path = f"/cases/{case_id}/feedback-plans/{plan['id']}"
    changed = await planner.patch(
        plan_path,
        json={"principles_in_focus": ["guiding.scaffolding"], "questions": ["What helped?"]},
        headers={**people.dana, "If-Match": '"1"'},
    )
    assert changed.status_code == 200, changed.text
    await post(
        planner,
        f"/cases/{case_id}/sessions/shared-review",
        {
            "held_at": ago(days=1),
            "duration_minutes": 50,
            "feedback_plan_id": plan["id"],
            "clips_shown": [moment_id],
        },
        people.dana,
    )
    after = await planner.patch(
        plan_path, json={"questions": []}, headers={**people.dana, "If-Match": '"3"'}
    )
    assert after.status_code == 409
    assert "already shown" in after.json()["detail"]
    twice = await planner.post(
        f"/cases/{case_id}/sessions/shared-review",
        json={"held_at": ago(hours=2), "duration_minutes": 50, "feedback_plan_id": plan["id"]},
        headers=people.dana,
    )
    assert twice.status_code == 409


async def test_moments_and_plans_are_revised_with_if_match_until_shown(
    planner: httpx.AsyncClient, people: People, isolated: Isolation
) -> None:
    moment = await _moment(planner, people, isolated)
    case_id = moment["case_id"]
    path = f"/cases/{case_id}/moments/{moment['id']}"
    etag = (await planner.get(path, headers=people.dana)).headers["ETag"]
    revised = await planner.patch(
        path,
        json={"kind": "strength", "principles": ["taking the lead"], "end_s": 14},
        headers={**people.dana, "If-Match": etag},
    )
    assert revised.status_code == 200, revised.text
    assert revised.json()["principles"] == ["guiding"]
    too_long = await planner.patch(
        path, json={"end_s": 121}, headers={**people.dana, "If-Match": revised.headers["ETag"]}
    )
    assert too_long.status_code == 422
    assert "past the end of the footage (120 s)" in too_long.json()["detail"][0]["msg"]

    await _plan_revised_until_shown(planner, people, case_id, moment["id"])

    kinds = [decode(v)[0].event_type for v in await read_topic(isolated, Topic.PLANNER, expected=7)]
    assert kinds == [
        "case.opened",
        "session.recorded",
        "moment.marked",
        "moment.revised",
        "feedback_plan.prepared",
        "feedback_plan.revised",
        "session.recorded",
    ]


async def test_a_failed_clip_request_shows_on_its_plan(
    planner: httpx.AsyncClient, people: People, isolated: Isolation
) -> None:
    moment = await _moment(planner, people, isolated)
    case_id = moment["case_id"]
    case_code = (await planner.get(f"/cases/{case_id}", headers=people.dana)).json()["case_code"]
    plan = await post(
        planner, f"/cases/{case_id}/feedback-plans", {"moment_ids": [moment["id"]]}, people.dana
    )
    ordered = await post(
        planner, f"/cases/{case_id}/feedback-plans/{plan['id']}/clip-requests", {}, people.dana
    )
    request = ordered["clip_requests"][0]
    await announce(
        isolated,
        ClipFailed(
            request_id=request["id"],
            footage_id=request["footage_id"],
            case_code=case_code,
            reason="Clip 1 (0:00.50-0:04.00) ends after the footage does (0:01.00).",
            reason_code=FailureCode.SEGMENTS_REFUSED,
            duration_s=1.0,
            limit_s=600,
            problems=[
                SegmentProblem(
                    clip=1, start_s=0.5, end_s=4.0, fault=SegmentFault.ENDS_AFTER_FOOTAGE
                )
            ],
        ),
    )
    failed = await until(
        planner,
        f"/cases/{case_id}/feedback-plans/{plan['id']}",
        people.dana,
        lambda p: p["clip_requests"][0]["status"] == "failed",
    )
    assert failed["clip_requests"][0]["failure_reason"].startswith("Clip 1 (0:00.50-0:04.00)")
    # The code and every value, for the portal to word each problem in its reader's language.
    assert failed["clip_requests"][0]["failure"] == {
        "code": "segments_refused",
        "stage": "clips",
        "attempts": 1,
        "short_of_disk": False,
        "duration_s": 1.0,
        "limit_s": 600.0,
        "problems": [{"clip": 1, "start_s": 0.5, "end_s": 4.0, "fault": "ends_after_footage"}],
    }
