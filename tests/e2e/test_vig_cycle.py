"""One VIG cycle through the running stack, by public APIs only:

directory -> case, helping question, filming consent (planner) -> filming session -> tus upload
(ingest) -> transcode -> footage ready in the planner -> strength moment, feedback plan, clips
rendered (transcode, MinIO) -> shared review with homework -> the portal's indicators F1, F7, F8.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import uuid4

import httpx
import pytest

from tests.e2e.conftest import Stack
from tests.e2e.cycle_footage import (
    mark_strength_moment,
    prepare_feedback_plan,
    ready_footage,
    record_shared_review,
    rendered_clips,
    request_clips,
    stored_video_seconds,
    strength_principles,
    upload_filming,
)
from tests.e2e.cycle_planner import (
    Timeline,
    answered,
    grant_filming_consent,
    open_case,
    practitioner,
    record_filming,
    record_helping_question,
    register_directory,
)
from tests.e2e.cycle_portal import create_portal_admin, log_in_to_portal, passing_indicators
from tests.e2e.flows import camera_file

pytestmark = pytest.mark.e2e
VIDEO_SECONDS = 6


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
