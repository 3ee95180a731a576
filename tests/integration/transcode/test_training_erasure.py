"""Clips marked for training, on real servers: the lifecycle erases those clips (and nothing else
of the footage) when the training consent is withdrawn, after the withdrawal's delay, and five
years after the marking at the latest; the injected clock moves on, no sleeping for days."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from uuid import UUID, uuid4

import pytest
from spin_contracts.events.consent import ConsentPurpose
from spin_contracts.events.footage import (
    ClipRendered,
    ClipRequested,
    ClipSegment,
    ErasedKind,
    FootageTranscoded,
)

from tests.integration.transcode.harness import until
from tests.integration.transcode.lifecycle_service import Service

pytestmark = pytest.mark.integration


async def _clips(service: Service, case: str) -> tuple[FootageTranscoded, ClipRendered]:
    """Footage with two clips and a reel rendered."""
    done = await service.transcoded(case)
    request = ClipRequested(
        request_id=uuid4(),
        footage_id=done.footage_id,
        case_code=case,
        clips=[
            ClipSegment(clip_id=uuid4(), start_s=0.2, end_s=0.9),
            ClipSegment(clip_id=uuid4(), start_s=1.0, end_s=1.8),
        ],
        reel=True,
    )
    await service.life.uploader.announce(request)
    rendered = await service.life.outcomes.first(request.request_id, "clip.rendered", "clip.failed")
    assert isinstance(rendered, ClipRendered), rendered
    return done, rendered


def _training_erasures(service: Service, footage_id: UUID) -> list[object]:
    return [e for e in service.life.erased(footage_id) if e.scope == "training"]


async def test_withdrawn_training_consent_erases_the_marked_clips_only(service: Service) -> None:
    life, clock, case = service.life, service.clock, "CASE-0700"
    done, rendered = await _clips(service, case)
    marked, kept = rendered.clips
    await life.mark_for_training(case, done.footage_id, marked.clip_id, clock())
    await asyncio.sleep(1)  # the mark is recorded before the withdrawal
    await life.withdraw(case, ConsentPurpose.TRAINING, clock())

    clock.advance(hours=23)  # SPIN_ERASE_AFTER_TRAINING_WITHDRAWAL_S: a day by default
    await asyncio.sleep(1.5)
    assert _training_erasures(service, done.footage_id) == []
    assert life.objects(marked.key) == [marked.key]

    clock.advance(hours=2)
    await until(
        lambda: bool(_training_erasures(service, done.footage_id)), 30, "training clips erased"
    )
    (erased,) = [e for e in life.erased(done.footage_id) if e.scope == "training"]
    assert erased.reason == "training_consent_withdrawn"
    assert [(o.key, o.kind) for o in erased.objects] == [(marked.key, ErasedKind.CLIP)]
    assert erased.objects[0].size_bytes > 0
    assert life.objects(marked.key) == []
    assert life.objects(kept.key) == [kept.key], "a clip not marked for training stays"
    assert rendered.reel_key
    assert life.objects(rendered.reel_key) == [rendered.reel_key]
    assert len(life.objects(f"renditions/{done.footage_id}/")) >= 4, "renditions stay"
    await asyncio.sleep(1.5)  # more passes: erased once
    assert len(_training_erasures(service, done.footage_id)) == 1


async def test_training_clips_go_five_years_after_marking_at_the_latest(service: Service) -> None:
    life, clock, case = service.life, service.clock, "CASE-0800"
    done, rendered = await _clips(service, case)
    marked_at = clock()
    for clip in rendered.clips:
        await life.mark_for_training(case, done.footage_id, clip.clip_id, marked_at)
    await asyncio.sleep(1)

    clock.set(marked_at + timedelta(days=5 * 365, hours=23))
    await asyncio.sleep(1.5)
    assert _training_erasures(service, done.footage_id) == []

    clock.set(marked_at + timedelta(days=5 * 365 + 1, minutes=1))
    await until(
        lambda: bool(_training_erasures(service, done.footage_id)), 30, "training clips erased"
    )
    (erased,) = [e for e in life.erased(done.footage_id) if e.scope == "training"]
    assert erased.reason == "training_retention"
    assert sorted(o.key for o in erased.objects) == sorted(c.key for c in rendered.clips)
    assert all(life.objects(c.key) == [] for c in rendered.clips)
    assert rendered.reel_key
    assert life.objects(rendered.reel_key) == [rendered.reel_key]
