"""Clips marked for training: only a rendered clip, only under a training consent (refused with a
sentence without one), ids only on the topic; footage.erased of the training clips says when and
why, and the plan's clips drop them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import httpx
import pytest
from spin_contracts.events import decode
from spin_contracts.events.footage import (
    ClipRendered,
    ErasedKind,
    ErasedObject,
    ErasureReason,
    ErasureScope,
    FootageErased,
    RenderedClip,
)
from spin_contracts.topics import Topic

from tests.integration.planner.conftest import People
from tests.integration.planner.flows import ago, announce, open_case, ordered_plan, post, until
from tests.integration.spincore.helpers import read_topic
from tests.support.isolation import Isolation

pytestmark = pytest.mark.integration


async def _rendered_plan(
    planner: httpx.AsyncClient, people: People, isolated: Isolation, case: dict[str, Any]
) -> tuple[UUID, str, list[str]]:
    """A plan of two moments whose clips were rendered: its footage, path and moment ids."""
    footage_id, path, ids, request = await ordered_plan(planner, people.dana, isolated, case)
    await announce(
        isolated,
        ClipRendered(
            request_id=request["id"],
            footage_id=footage_id,
            case_code=case["case_code"],
            bucket="b",
            clips=[
                RenderedClip(clip_id=m, key=f"clips/{footage_id}/{m}.mp4", duration_s=8)
                for m in ids
            ],
        ),
    )
    await until(planner, path, people.dana, lambda p: p["clip_requests"][0]["status"] == "rendered")
    return footage_id, path, ids


async def _marks(isolated: Isolation) -> list[dict[str, Any]]:
    values = await read_topic(isolated, Topic.PLANNER, expected=1, timeout_s=20)
    return [e.payload for e, _ in map(decode, values) if e.event_type == "clip.marked_for_training"]


def _training_clip_erased(footage_id: UUID, code: str, clip_key: str) -> FootageErased:
    """The lifecycle's erasure of the footage's training clips (its consent withdrawn)."""
    erased_at = datetime.now(UTC)
    return FootageErased(
        footage_id=footage_id,
        case_code=code,
        scope=ErasureScope.TRAINING,
        reason=ErasureReason.TRAINING_CONSENT_WITHDRAWN,
        due_at=erased_at,
        erased_at=erased_at,
        bucket="b",
        objects=[ErasedObject(key=clip_key, kind=ErasedKind.CLIP, size_bytes=10)],
    )


async def test_a_clip_is_marked_for_training_under_consent_and_erased_by_the_lifecycle(
    planner: httpx.AsyncClient, people: People, isolated: Isolation
) -> None:
    case = await open_case(planner, people.dana)
    case_id, code = case["id"], case["case_code"]
    footage_id, plan_path, (marked, kept) = await _rendered_plan(planner, people, isolated, case)
    mark = f"/cases/{case_id}/moments/{marked}/training"

    refused = await planner.post(mark, headers=people.dana)
    assert refused.status_code == 409, refused.text
    assert "not consented to the use of this case's footage in training" in refused.text
    consents = f"/cases/{case_id}/consents"
    await post(planner, consents, {"purpose": "training", "granted_at": ago(days=1)}, people.dana)
    assert (await planner.post(mark, headers=people.other_admin)).status_code == 404

    answer = await planner.post(mark, headers=people.dana)
    assert answer.status_code == 200, answer.text
    clip_key = f"clips/{footage_id}/{marked}.mp4"
    assert answer.json()["clip_key"] == clip_key
    again = await planner.post(mark, headers=people.dana)
    assert again.json()["marked_at"] == answer.json()["marked_at"], "marking again changes nothing"

    marks = await _marks(isolated)
    assert marks == [
        {
            "case_id": case_id,
            "case_code": code,
            "clip_id": marked,
            "footage_id": str(footage_id),
            "marked_at": marks[0]["marked_at"],
        }
    ]

    await announce(isolated, _training_clip_erased(footage_id, code, clip_key))
    listed = await until(
        planner,
        f"/cases/{case_id}/training-clips",
        people.dana,
        lambda clips: clips and clips[0]["erased_at"] is not None,
    )
    assert listed[0]["erased_reason"] == "training_consent_withdrawn"
    plan = (await planner.get(plan_path, headers=people.dana)).json()
    assert plan["clip_requests"][0]["clip_keys"] == [f"clips/{footage_id}/{kept}.mp4"]
    for moment in (marked, kept):  # the lifecycle erases a footage's training clips once
        gone = await planner.post(
            f"/cases/{case_id}/moments/{moment}/training", headers=people.dana
        )
        assert gone.status_code == 409
        assert "were erased on" in gone.text
