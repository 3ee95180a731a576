"""A plan's clips as the builder and the review show them: plan order, latest request wins."""

from __future__ import annotations

from typing import Any

from spin_portal.web.plan_media import clips_of, latest_reels


def _request(
    status: str, moments: list[str], keys: list[str], reel: str | None = None
) -> dict[str, Any]:
    return {
        "footage_id": "f1",
        "moment_ids": moments,
        "status": status,
        "clip_keys": keys,
        "reel": True,
        "reel_key": reel,
        "failure_reason": "The footage could not be processed." if status == "failed" else None,
    }


MOMENTS = {m: {"footage_id": "f1", "start_s": 1.0, "end_s": 2.0, "kind": "strength"} for m in "abc"}


def test_clips_follow_the_plan_with_their_question_and_the_latest_request() -> None:
    plan = {
        "moment_ids": ["c", "a", "b"],
        "questions": ["What did you do?", "", "How did he react?"],
        "clip_requests": [
            _request("failed", ["c", "a", "b"], []),
            _request("rendered", ["c", "a", "b"], ["k-c", "k-a", "k-b"], "reel-1"),
        ],
    }
    clips = clips_of(plan, MOMENTS)
    assert [(c["moment_id"], c["key"], c["question"]) for c in clips] == [
        ("c", "k-c", "What did you do?"),
        ("a", "k-a", ""),
        ("b", "k-b", "How did he react?"),
    ]
    assert {c["status"] for c in clips} == {"rendered"}
    assert [r["reel_key"] for r in latest_reels(plan)] == ["reel-1"]


def test_a_failed_request_shows_its_reason_and_no_link() -> None:
    plan = {"moment_ids": ["a"], "questions": [], "clip_requests": [_request("failed", ["a"], [])]}
    (clip,) = clips_of(plan, MOMENTS)
    assert clip["status"] == "failed"
    assert clip["key"] is None
    assert clip["failure_reason"] == "The footage could not be processed."
    assert latest_reels(plan) == []


def test_a_clip_erased_alone_leaves_the_others_where_they_are() -> None:
    keys = ["clips/f1/a.mp4", "clips/f1/c.mp4"]  # b's clip, marked for training, is gone
    plan = {
        "moment_ids": ["a", "b", "c"],
        "questions": [],
        "clip_requests": [_request("rendered", ["a", "b", "c"], keys)],
    }
    clips = clips_of(plan, MOMENTS)
    assert [(c["moment_id"], c["status"], c["key"]) for c in clips] == [
        ("a", "rendered", "clips/f1/a.mp4"),
        ("b", "erased", None),
        ("c", "rendered", "clips/f1/c.mp4"),
    ]
    assert "marked for training" in clips[1]["failure_reason"]


def test_clips_of_a_running_request_are_cut_as_far_as_the_transcoder_said() -> None:
    running = _request("requested", ["b", "c", "a"], []) | {"clips_done": 2}
    plan = {"moment_ids": ["a", "b", "c"], "questions": [], "clip_requests": [running]}
    assert [(c["moment_id"], c["status"]) for c in clips_of(plan, MOMENTS)] == [
        ("a", "requested"),  # third in the request: not cut yet
        ("b", "cut"),
        ("c", "cut"),
    ]
