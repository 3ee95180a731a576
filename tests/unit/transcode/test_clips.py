"""Clip segments checked against the footage before any work."""

from uuid import uuid4

from spin_contracts.events.footage import ClipSegment
from spin_transcode.domain.clips import segment_problems


def _segment(start: float, end: float) -> ClipSegment:
    return ClipSegment(clip_id=uuid4(), start_s=start, end_s=end)


def test_good_segments_pass() -> None:
    assert segment_problems([_segment(0, 4.5), _segment(61, 70.05)], 70.0, 600) == []


def test_each_problem_is_named_with_the_clip_and_its_times() -> None:
    repeated = _segment(1, 2)
    problems = segment_problems(
        [_segment(75, 82), _segment(5, 5), _segment(0, 700), repeated, repeated], 80.0, 600
    )
    assert problems == [
        "Clip 1 (1:15.00-1:22.00) ends after the footage does (1:20.00).",
        "Clip 2 (0:05.00-0:05.00) ends before it starts.",
        "Clip 3 (0:00.00-11:40.00) is longer than the 10:00.00 allowed.",
        "Clip 3 (0:00.00-11:40.00) ends after the footage does (1:20.00).",
        "Clip 5 (0:01.00-0:02.00) repeats the id of an earlier clip.",
    ]
