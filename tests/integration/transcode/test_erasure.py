"""The footage lifecycle on real servers: a withdrawn filming consent stops processing and erases
every object of the case; retention erases camera files and closed cases' footage when the
(injected) clock says so; a legal hold keeps everything until it is lifted.

The uploads are laid out in storage exactly as ingest lays them out (its own key functions:
raw key, unfinished multipart upload, staged tail) and announced with ingest's events.
"""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest
from spin_contracts.events.failures import FailureCode
from spin_contracts.events.footage import (
    ClipRendered,
    ClipRequested,
    ClipSegment,
    ErasedKind,
    FootageFailed,
)

from tests.integration.transcode.harness import until
from tests.integration.transcode.lifecycle_service import Service

pytestmark = pytest.mark.integration


async def test_withdrawal_erases_every_object_of_the_case(service: Service) -> None:
    life, case = service.life, "CASE-0100"
    done = await service.transcoded(case)
    request = ClipRequested(
        request_id=uuid4(),
        footage_id=done.footage_id,
        case_code=case,
        clips=[ClipSegment(clip_id=uuid4(), start_s=0.2, end_s=1.2)],
        reel=True,
    )
    await life.uploader.announce(request)
    rendered = await life.outcomes.first(request.request_id, "clip.rendered", "clip.failed")
    assert isinstance(rendered, ClipRendered), rendered
    uploading = await life.still_uploading(case)
    ids = {done.footage_id, uploading.footage_id}
    assert len(life.objects(f"renditions/{done.footage_id}/")) >= 4
    assert life.unfinished_uploads() == [uploading.object_key]

    await life.withdraw_filming(case)
    await until(lambda: all(life.erased(i) for i in ids), 30, "footage.erased of both")

    leftovers = [k for k in life.objects() if any(str(i) in k for i in ids)]
    assert leftovers == []
    assert not any(str(uploading.upload_id) in k for k in life.objects("staging/"))
    assert life.unfinished_uploads() == []
    await asyncio.sleep(1.5)  # several more passes of the runner: nothing is erased twice
    (whole,) = life.erased(done.footage_id)
    (unfinished,) = life.erased(uploading.footage_id)
    assert (whole.scope, whole.reason) == ("all", "consent_withdrawn")
    assert {o.kind for o in whole.objects} == {
        ErasedKind.RAW,
        ErasedKind.RENDITION,
        ErasedKind.POSTER,
        ErasedKind.SPRITE,
        ErasedKind.VTT,
        ErasedKind.CLIP,
        ErasedKind.REEL,
    }
    assert {o.kind for o in unfinished.objects} == {ErasedKind.MULTIPART, ErasedKind.STAGING}
    assert all(o.size_bytes > 0 for o in whole.objects)


async def test_footage_of_a_withdrawn_case_is_not_processed_and_goes(service: Service) -> None:
    life, case = service.life, "CASE-0150"
    await life.withdraw_filming(case)
    source = await service.film("late.mp4")
    await asyncio.sleep(1)  # the withdrawal is known before the late footage arrives
    late = await life.uploaded(case, source)

    failed = await life.outcomes.first(late.footage_id, "footage.failed", "footage.transcoded")
    assert isinstance(failed, FootageFailed), failed
    assert failed.reason.startswith("consent withdrawn")
    assert (failed.reason_code, failed.stage) == (FailureCode.CONSENT_WITHDRAWN, "consent")
    await until(lambda: bool(life.erased(late.footage_id)), 30, "the late footage erased")
    assert life.objects(late.object_key) == []


async def test_withdrawal_stops_a_running_transcode(service: Service) -> None:
    life, case = service.life, "CASE-0160"
    source = await service.film("long.mp4", size="960x540", seconds=40)
    uploaded = await life.uploaded(case, source)
    await life.outcomes.first(uploaded.footage_id, "footage.transcode_progress", timeout_s=180)

    asked = time.monotonic()
    await life.withdraw_filming(case)
    failed = await life.outcomes.first(uploaded.footage_id, "footage.failed", "footage.transcoded")
    took = time.monotonic() - asked
    assert isinstance(failed, FootageFailed), failed
    assert failed.reason.startswith("consent withdrawn")
    assert took < 3, f"stopping took {took:.1f} s"
    await until(lambda: bool(life.erased(uploaded.footage_id)), 30, "the stopped footage erased")
    assert [k for k in life.objects() if str(uploaded.footage_id) in k] == []


async def test_camera_file_goes_30_days_after_its_renditions_are_verified(
    service: Service,
) -> None:
    life = service.life
    done = await service.transcoded("CASE-0200")
    raw = life.objects("raw/")
    raw = [k for k in raw if str(done.footage_id) in k]
    assert len(raw) == 1

    service.clock.advance(days=29, hours=23)
    await asyncio.sleep(1.5)
    assert life.erased(done.footage_id) == []
    assert life.objects(raw[0]) == raw

    service.clock.advance(hours=2)
    await until(lambda: bool(life.erased(done.footage_id)), 30, "the camera file erased")
    (erased,) = life.erased(done.footage_id)
    assert (erased.scope, erased.reason) == ("raw", "raw_retention")
    assert [(o.key, o.kind) for o in erased.objects] == [(raw[0], ErasedKind.RAW)]
    assert life.objects(raw[0]) == []
    assert len(life.objects(f"renditions/{done.footage_id}/")) >= 4, "renditions stay"


async def test_closed_case_goes_60_days_after_closing_unless_held(service: Service) -> None:
    life, clock = service.life, service.clock
    closed, held = "CASE-0300", "CASE-0400"
    footage = {case: await life.still_uploading(case) for case in (closed, held)}
    hold = await service.admin("hold", held, "--reason", "court order 2026/114", "--by", "admin-1")
    assert hold.returncode == 0, hold.stderr
    assert (await service.admin("hold", held, "--reason", " ")).returncode == 2
    today = clock().date()
    for case in footage:
        await life.close_case(case, today)

    due = datetime.combine(today, datetime.min.time(), UTC) + timedelta(days=60)
    clock.set(due - timedelta(hours=1))
    await asyncio.sleep(1.5)
    assert all(life.erased(f.footage_id) == [] for f in footage.values())

    clock.set(due + timedelta(minutes=1))
    await until(lambda: bool(life.erased(footage[closed].footage_id)), 30, "closed case erased")
    (erased,) = life.erased(footage[closed].footage_id)
    assert (erased.scope, erased.reason) == ("all", "case_closed")
    await asyncio.sleep(1.5)
    assert life.erased(footage[held].footage_id) == [], "nothing is erased under a hold"
    assert footage[held].object_key in life.unfinished_uploads()
    status = await service.admin("status", held)
    assert "court order" not in status.stdout, "the reason stays in the database"
    assert "case_closed" in status.stdout

    assert (await service.admin("release", held, "--by", "admin-1")).returncode == 0
    await until(lambda: bool(life.erased(footage[held].footage_id)), 30, "erased once lifted")
    assert footage[held].object_key not in life.unfinished_uploads()


async def test_a_hold_placed_in_the_planner_suspends_erasure_until_lifted(
    service: Service,
) -> None:
    life, clock = service.life, service.clock
    case = "CASE-0500"
    footage = await life.still_uploading(case)
    hold_id = await life.hold(case)

    async def recorded() -> bool:
        return f"hold {hold_id}" in (await service.admin("status", case)).stdout

    await until(recorded, 60, "the hold recorded")
    await life.withdraw_filming(case)
    clock.advance(days=2)
    await asyncio.sleep(1.5)
    assert life.erased(footage.footage_id) == [], "nothing is erased under a hold"

    await life.hold(case, lifted=hold_id)
    await until(lambda: bool(life.erased(footage.footage_id)), 30, "erased once lifted")
