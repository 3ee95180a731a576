"""clip.progress: the planner keeps how many clips of a running request are cut, never going
backwards, and leaves a request that already ended as it is."""

from __future__ import annotations

import httpx
import pytest
from spin_contracts.events.clip_progress import ClipProgress
from spin_contracts.events.footage import ClipRendered, RenderedClip

from tests.integration.planner.conftest import People
from tests.integration.planner.flows import announce, open_case, ordered_plan, post, until
from tests.support.isolation import Isolation

pytestmark = pytest.mark.integration


async def test_clips_done_moves_forward_while_the_request_runs(
    planner: httpx.AsyncClient, people: People, isolated: Isolation
) -> None:
    case = await open_case(planner, people.dana)
    footage_id, path, ids, request = await ordered_plan(planner, people.dana, isolated, case)
    assert request["clips_done"] == 0

    def progress(done: int) -> ClipProgress:
        return ClipProgress(
            request_id=request["id"],
            footage_id=footage_id,
            case_code=case["case_code"],
            clips_done=done,
            clips_total=2,
        )

    def rendered(request_id: str) -> ClipRendered:
        return ClipRendered(
            request_id=request_id,
            footage_id=footage_id,
            case_code=case["case_code"],
            bucket="b",
            clips=[
                RenderedClip(clip_id=m, key=f"clips/{footage_id}/{m}.mp4", duration_s=8)
                for m in ids
            ],
        )

    await announce(isolated, progress(1), progress(0))  # a late, older word arrives second
    plan = await until(
        planner, path, people.dana, lambda p: p["clip_requests"][0]["clips_done"] == 1
    )
    assert plan["clip_requests"][0]["status"] == "requested"

    again = await post(planner, f"{path}/clip-requests", {"reel": False}, people.dana)
    second = again["clip_requests"][-1]["id"]
    # One partition (the footage): the second request's end is seen after the late progress.
    await announce(isolated, rendered(request["id"]), progress(2), rendered(second))
    plan = await until(
        planner, path, people.dana, lambda p: p["clip_requests"][-1]["status"] == "rendered"
    )
    first = plan["clip_requests"][0]
    assert (first["status"], first["clips_done"]) == ("rendered", 1)
