"""Files refused as they are and clip requests that cannot be met: footage.failed and
clip.failed at once, why as a code with its values (for readers to word in their language)
and in English words for readers without a code.

One service instance (real Kafka, MinIO, PostgreSQL, ffmpeg, the `pipeline` fixture) serves the
whole module, so the bad inputs also show that the worker keeps running for the uploads after
them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from uuid import uuid4

import pytest
from spin_contracts.events.failures import FailureCode, SegmentFault, SegmentProblem
from spin_contracts.events.footage import (
    ClipFailed,
    ClipRequested,
    ClipSegment,
    FootageFailed,
    FootageUploaded,
)

from tests.integration.transcode import media
from tests.integration.transcode.pipeline import Pipeline

pytestmark = pytest.mark.integration

BAD_INPUTS: dict[str, tuple[Callable[[Path], Path], FailureCode, str]] = {
    "truncated.mp4": (media.truncated, FailureCode.INCOMPLETE, "incomplete or damaged"),
    "corrupt.mov": (media.corrupt, FailureCode.INCOMPLETE, "incomplete or damaged"),
    "photo.jpg": (media.still_image, FailureCode.STILL_IMAGE, "still image, not a video"),
    "notes.txt": (media.text, FailureCode.DAMAGED, "is not a video"),
    "voice.m4a": (media.sound_only, FailureCode.SOUND_ONLY, "sound but no picture"),
    "long.mp4": (
        lambda p: media.long_and_tiny(p, 75),
        FailureCode.TOO_LONG,
        "too long (1 min 15 s); the limit is 1 min",
    ),
}


async def refused(pipeline: Pipeline, path: Path) -> tuple[FootageUploaded, FootageFailed]:
    uploaded = await pipeline.uploader.upload(path)
    event = await pipeline.outcomes.first(
        uploaded.footage_id, "footage.transcoded", "footage.failed"
    )
    assert isinstance(event, FootageFailed), f"{path.name} was not refused"
    return uploaded, event


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
async def test_bad_input_ends_in_footage_failed_with_a_code_and_a_reason(
    pipeline: Pipeline, name: str
) -> None:
    make, code, words = BAD_INPUTS[name]
    _, event = await refused(pipeline, make(pipeline.media / name))

    assert (event.stage, event.attempts, event.reason_code) == ("probe", 1, code)
    assert words in event.reason
    failure = event.failure()
    assert failure is not None
    if code is FailureCode.TOO_LONG:
        assert (round(failure.duration_s or 0), failure.limit_s) == (75, 60)
    else:
        assert (failure.duration_s, failure.limit_s, failure.problems) == (None, None, None)


async def test_clip_request_outside_the_footage_fails_with_its_problems(
    pipeline: Pipeline,
) -> None:
    uploaded, _ = await pipeline.transcode(media.h264_mp4(pipeline.media / "short.mp4", seconds=1))
    request = ClipRequested(
        request_id=uuid4(),
        footage_id=uploaded.footage_id,
        case_code=uploaded.case_code,
        clips=[
            ClipSegment(clip_id=uuid4(), start_s=0.5, end_s=4.0),
            ClipSegment(clip_id=uuid4(), start_s=0.8, end_s=0.2),
        ],
    )
    await pipeline.uploader.announce(request)

    event = await pipeline.outcomes.first(request.request_id, "clip.rendered", "clip.failed")
    assert isinstance(event, ClipFailed)
    assert event.reason_code is FailureCode.SEGMENTS_REFUSED
    assert event.problems == [
        SegmentProblem(clip=1, start_s=0.5, end_s=4.0, fault=SegmentFault.ENDS_AFTER_FOOTAGE),
        SegmentProblem(clip=2, start_s=0.8, end_s=0.2, fault=SegmentFault.ENDS_BEFORE_START),
    ]
    assert event.limit_s == pipeline.settings.clip_max_length_s
    assert event.duration_s is not None
    assert round(event.duration_s) == 1
    assert "Clip 1 (0:00.50-0:04.00) ends after the footage does (0:01.00)." in event.reason
    assert "Clip 2 (0:00.80-0:00.20) ends before it starts." in event.reason


async def test_clips_of_refused_footage_fail_at_once(pipeline: Pipeline) -> None:
    uploaded, _ = await refused(pipeline, media.text(pipeline.media / "minutes.txt"))
    request = ClipRequested(
        request_id=uuid4(),
        footage_id=uploaded.footage_id,
        case_code=uploaded.case_code,
        clips=[ClipSegment(clip_id=uuid4(), start_s=0, end_s=1)],
    )
    await pipeline.uploader.announce(request)

    event = await pipeline.outcomes.first(request.request_id, "clip.rendered", "clip.failed")
    assert isinstance(event, ClipFailed)
    assert (event.reason_code, event.attempts) == (FailureCode.FOOTAGE_FAILED, 1)
    assert "could not be processed" in event.reason


async def test_clips_of_footage_never_processed_fail_after_retries(pipeline: Pipeline) -> None:
    request = ClipRequested(
        request_id=uuid4(),
        footage_id=uuid4(),
        case_code="CASE-0042",
        clips=[ClipSegment(clip_id=uuid4(), start_s=0, end_s=1)],
    )
    await pipeline.uploader.announce(request)

    event = await pipeline.outcomes.first(request.request_id, "clip.rendered", "clip.failed")
    assert isinstance(event, ClipFailed)
    assert event.reason_code is FailureCode.NOT_READY
    assert "has not finished processing" in event.reason
