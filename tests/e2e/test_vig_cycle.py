"""One VIG cycle through the running stack, by public APIs only:

directory -> case, helping question, filming consent (planner) -> filming session -> tus upload
(ingest) -> transcode -> footage ready in the planner -> strength moment, feedback plan, clips
rendered (transcode, MinIO) -> shared review with homework -> the portal's indicators F1, F7, F8.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import uuid4

import httpx
import pytest
from spin_contracts.claims import Role

from tests.e2e.conftest import Stack
from tests.e2e.flows import await_upload_accepted, camera_file, minio, poll, portal_login

pytestmark = pytest.mark.e2e
Json = dict[str, Any]
VIDEO_SECONDS = 6
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass(frozen=True)
class Directory:
    institute_id: str
    agency_id: str
    site_id: str
    practitioner_id: str


@dataclass(frozen=True)
class Timeline:
    """When things happened: all in the recent past, in the order of the cycle."""

    start: datetime

    def at(self, minutes: int) -> datetime:
        return self.start + timedelta(minutes=minutes)

    def iso(self, minutes: int) -> str:
        return self.at(minutes).isoformat()


def answered(response: httpx.Response, status: int) -> Json:
    assert response.status_code == status, f"{response.request.url}: {response.text}"
    body: Json = response.json()
    return body


def listed(response: httpx.Response) -> list[Json]:
    assert response.status_code == 200, f"{response.request.url}: {response.text}"
    items: list[Json] = response.json()
    return items


def planner_client(stack: Stack, token: str) -> httpx.Client:
    return httpx.Client(
        base_url=stack.url("planner"), headers={"Authorization": f"Bearer {token}"}, timeout=30
    )


def register_directory(stack: Stack) -> Directory:
    suffix = uuid4().hex[:8]
    d = Directory(f"inst-{suffix}", f"agency-{suffix}", f"site-{suffix}", f"guide-{suffix}")
    token = stack.issuer.mint(
        subject="e2e-operator", role=Role.SERVICE, institute_id=d.institute_id
    )
    with planner_client(stack, token) as service:
        answered(
            service.post(
                "/institutes", json={"id": d.institute_id, "name": "E2E Institute", "country": "NL"}
            ),
            201,
        )
        answered(
            service.post(
                "/agencies",
                json={"id": d.agency_id, "institute_id": d.institute_id, "name": "E2E Agency"},
            ),
            201,
        )
        answered(
            service.post(
                "/sites", json={"id": d.site_id, "agency_id": d.agency_id, "name": "E2E Site"}
            ),
            201,
        )
        answered(
            service.post(
                "/practitioners",
                json={"id": d.practitioner_id, "site_id": d.site_id, "display_name": "E2E Guide"},
            ),
            201,
        )
    return d


def practitioner(stack: Stack, d: Directory) -> httpx.Client:
    token = stack.issuer.mint(
        subject=d.practitioner_id,
        role=Role.PRACTITIONER,
        institute_id=d.institute_id,
        agency_id=d.agency_id,
        site_id=d.site_id,
    )
    return planner_client(stack, token)


def open_case(guide: httpx.Client, when: Timeline) -> Json:
    """The guide opens a case; the planner gives its code."""
    return answered(
        guide.post(
            "/cases",
            json={
                "delivery_setting": "birth_family_home",
                "caregivers": [{"relation": "mother", "age": 31, "name": "Marieke Jansen"}],
                "children": [{"age": 3, "name": "Sanne Jansen"}],
                "opened_on": when.start.date().isoformat(),
            },
        ),
        201,
    )


def record_helping_question(guide: httpx.Client, case_id: str, when: Timeline) -> Json:
    return answered(
        guide.post(
            f"/cases/{case_id}/helping-questions",
            json={
                "words": "How can I help her calm down at bedtime?",
                "goals": ["calmer bedtime"],
                "recorded_at": when.iso(1),
            },
        ),
        201,
    )


def grant_filming_consent(guide: httpx.Client, case_id: str, when: Timeline) -> Json:
    return answered(
        guide.post(
            f"/cases/{case_id}/consents", json={"purpose": "filming", "granted_at": when.iso(2)}
        ),
        201,
    )


def record_filming(guide: httpx.Client, case_id: str, when: Timeline, ref: str) -> Json:
    return answered(
        guide.post(
            f"/cases/{case_id}/sessions/filming",
            json={
                "held_at": when.iso(5),
                "duration_minutes": 45,
                "children_present": True,
                "filming_session_ref": ref,
            },
        ),
        201,
    )


def upload_filming(
    stack: Stack, d: Directory, case_code: str, filming: Json, video: Path
) -> httpx.Response:
    token = stack.issuer.mint(
        subject=f"uploader-{d.site_id}",
        role=Role.SITE_UPLOADER,
        institute_id=d.institute_id,
        agency_id=d.agency_id,
        site_id=d.site_id,
    )
    metadata = {
        "case_code": case_code,
        "site": d.site_id,
        "filming_session_id": filming["filming_session_ref"],
        "filmed_at": filming["held_at"],
        "filename": video.name,
        "device": "e2e phone",
    }
    return await_upload_accepted(stack, token, video, metadata, timeout_s=120)


def ready_footage(guide: httpx.Client, case_id: str) -> Json:
    def probe() -> Json | None:
        footage = listed(guide.get(f"/cases/{case_id}/footage"))
        assert all(f["status"] != "failed" for f in footage), footage
        return next((f for f in footage if f["status"] == "ready"), None)

    return poll("footage transcoded (ready) in the planner", probe)


def strength_principles(guide: httpx.Client) -> list[str]:
    """A level and one of its elements, as a screen would offer them."""
    level = answered(guide.get("/vocabulary"), 200)["levels"][0]
    return [level["tag"], level["elements"][0]["tag"]]


def mark_strength_moment(
    guide: httpx.Client, case_id: str, footage: Json, question: Json, principles: list[str]
) -> Json:
    return answered(
        guide.post(
            f"/cases/{case_id}/moments",
            json={
                "footage_id": footage["id"],
                "start_s": 1.0,
                "end_s": 4.0,
                "principles": principles,
                "kind": "strength",
                "helping_question_id": question["id"],
                "note": "she follows his gaze and names what he sees",
            },
        ),
        201,
    )


def prepare_feedback_plan(
    guide: httpx.Client, case_id: str, moment: Json, principles: list[str]
) -> Json:
    return answered(
        guide.post(
            f"/cases/{case_id}/feedback-plans",
            json={
                "moment_ids": [moment["id"]],
                "principles_in_focus": principles,
                "questions": ["What do you see yourself doing here?"],
            },
        ),
        201,
    )


def request_clips(guide: httpx.Client, case_id: str, plan: Json) -> Json:
    return answered(
        guide.post(
            f"/cases/{case_id}/feedback-plans/{plan['id']}/clip-requests",
            json={"reel": True, "reel_title": "Bedtime"},
        ),
        202,
    )


def rendered_clips(guide: httpx.Client, case_id: str, plan: Json) -> Json:
    def probe() -> Json | None:
        read = answered(guide.get(f"/cases/{case_id}/feedback-plans/{plan['id']}"), 200)
        requests = read["clip_requests"]
        assert all(r["status"] != "failed" for r in requests), requests
        return requests[0] if requests and requests[0]["status"] == "rendered" else None

    return poll("clips rendered in the planner", probe)


def stored_video_seconds(stack: Stack, key: str) -> float:
    """The duration ffprobe reads from the object in MinIO (it must exist and play)."""
    bucket = stack.env.get("SPIN_S3_BUCKET", "spin-footage")
    url = minio(stack).presigned_get_object(bucket, key, expires=timedelta(minutes=5))
    probed = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", url],
        capture_output=True,
        text=True,
        check=False,
    )
    assert probed.returncode == 0, f"{key} is not a playable video: {probed.stderr}"
    return float(probed.stdout)


def record_shared_review(guide: httpx.Client, case_id: str, when: Timeline, plan: Json) -> Json:
    return answered(
        guide.post(
            f"/cases/{case_id}/sessions/shared-review",
            json={
                "held_at": when.iso(20),
                "duration_minutes": 60,
                "feedback_plan_id": plan["id"],
                "homework": "Name what he looks at, once a day at bedtime",
                "parent_reflection": "I did not know I already do that",
            },
        ),
        201,
    )


def create_portal_admin(d: Directory) -> tuple[str, str]:
    return portal_login("agency_admin", d.institute_id, d.agency_id)


def log_in_to_portal(portal: httpx.Client, username: str, password: str) -> None:
    """The login form's double-submit CSRF cookie travels in the client's cookie jar."""
    form = answered_page(portal.get("/login"))
    token = CSRF.search(form.text)
    assert token is not None, form.text
    logged_in = portal.post(
        "/login", data={"username": username, "password": password, "csrf_token": token.group(1)}
    )
    assert logged_in.status_code == 303, f"login refused: {logged_in.text[:500]}"


def answered_page(response: httpx.Response) -> httpx.Response:
    assert response.status_code == 200, f"{response.request.url}: {response.text[:500]}"
    return response


def portal_indicators(portal: httpx.Client, case_code: str) -> dict[str, dict[str, str]]:
    """The case's indicator rows from its CSV export; empty while the case is not projected."""
    export = portal.get(f"/cases/{case_code}", params={"export": "indicators"})
    if export.status_code == 404:
        return {}
    answered_page(export)
    return {row["Indicator"]: row for row in csv.DictReader(io.StringIO(export.text))}


def passing_indicators(portal: httpx.Client, case_code: str, wanted: set[str]) -> None:
    """The read model is eventually consistent: wait until the wanted indicators pass."""
    seen: dict[str, dict[str, str]] = {}

    def probe() -> bool | None:
        seen.update(portal_indicators(portal, case_code))
        return all(seen.get(i, {}).get("Outcome") == "pass" for i in wanted) or None

    try:
        poll(f"portal indicators {sorted(wanted)} passing for {case_code}", probe)
    except AssertionError as late:
        rows = {i: seen.get(i) for i in sorted(wanted)}
        raise AssertionError(f"{late}; last seen: {rows}") from None


def test_a_vig_cycle_from_filming_to_the_fidelity_audit(stack: Stack, tmp_path: Path) -> None:
    d = register_directory(stack)
    when = Timeline(datetime.now(UTC) - timedelta(minutes=30))
    video = camera_file(tmp_path, seconds=VIDEO_SECONDS)

    with practitioner(stack, d) as guide:
        case = open_case(guide, when)
        case_id, case_code = case["id"], case["case_code"]
        assert (case["agency_id"], case["site_id"]) == (d.agency_id, d.site_id)
        question = record_helping_question(guide, case_id, when)
        grant_filming_consent(guide, case_id, when)
        filming = record_filming(guide, case_id, when, ref=f"fs-{uuid4().hex[:12]}")

        head = upload_filming(stack, d, case_code, filming, video)
        assert head.headers["Upload-Offset"] == str(video.stat().st_size)

        footage = ready_footage(guide, case_id)
        assert footage["case_code"] == case_code
        assert footage["filming_session_ref"] == filming["filming_session_ref"]
        assert abs(footage["duration_s"] - VIDEO_SECONDS) < 0.5
        session = answered(guide.get(f"/cases/{case_id}/sessions/{filming['id']}"), 200)
        assert [f["id"] for f in session["footage"]] == [footage["id"]]

        principles = strength_principles(guide)
        moment = mark_strength_moment(guide, case_id, footage, question, principles)
        plan = prepare_feedback_plan(guide, case_id, moment, principles)
        requested = request_clips(guide, case_id, plan)
        assert [r["status"] for r in requested["clip_requests"]] == ["requested"]

        clips = rendered_clips(guide, case_id, plan)
        folder = f"clips/{footage['id']}"
        assert clips["clip_keys"] == [f"{folder}/{moment['id']}.mp4"]
        assert clips["reel_key"] == f"{folder}/reel-{clips['id']}.mp4"
        clip_length = stored_video_seconds(stack, clips["clip_keys"][0])
        assert abs(clip_length - (moment["end_s"] - moment["start_s"])) < 0.2
        assert stored_video_seconds(stack, clips["reel_key"]) >= clip_length

        review = record_shared_review(guide, case_id, when, plan)
        assert review["homework_agreed"] is True
        assert [c["moment_id"] for c in review["clips_shown"]] == [moment["id"]]
        shown = answered(guide.get(f"/cases/{case_id}/feedback-plans/{plan['id']}"), 200)
        assert shown["status"] == "shown"

    username, password = create_portal_admin(d)
    with httpx.Client(base_url=stack.url("portal"), timeout=30) as portal:
        log_in_to_portal(portal, username, password)
        # Every indicator this cycle decides (F2 aside: its weeks depend on the day it runs).
        passing_indicators(portal, case_code, {"F1", "F4", "F5", "F6", "F7", "F8", "F10", "F11"})
