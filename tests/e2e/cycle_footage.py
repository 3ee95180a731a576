"""The VIG cycle's footage steps: the upload, the transcoded footage, a strength moment, the
feedback plan, its rendered clips and the shared review that shows them."""

from __future__ import annotations

import subprocess
from datetime import timedelta
from pathlib import Path

import httpx
from spin_contracts.claims import Role

from tests.e2e.conftest import Stack
from tests.e2e.cycle_planner import Directory, Json, Timeline, answered, listed
from tests.e2e.flows import await_upload_accepted, minio, poll


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
