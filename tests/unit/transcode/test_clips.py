"""Clip segments checked against the footage before any work: each problem as a code with its
clip's number and times, and in English for readers without a code."""

from uuid import uuid4

from spin_contracts.events.failures import SegmentFault, SegmentProblem
from spin_contracts.events.footage import ClipSegment
from spin_transcode.domain.clips import problem_words, segment_problems


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
        SegmentProblem(clip=1, start_s=75, end_s=82, fault=SegmentFault.ENDS_AFTER_FOOTAGE),
        SegmentProblem(clip=2, start_s=5, end_s=5, fault=SegmentFault.ENDS_BEFORE_START),
        SegmentProblem(clip=3, start_s=0, end_s=700, fault=SegmentFault.TOO_LONG),
        SegmentProblem(clip=3, start_s=0, end_s=700, fault=SegmentFault.ENDS_AFTER_FOOTAGE),
        SegmentProblem(clip=5, start_s=1, end_s=2, fault=SegmentFault.REPEATED_ID),
    ]
    assert [problem_words(p, 80.0, 600) for p in problems] == [
        "Clip 1 (1:15.00-1:22.00) ends after the footage does (1:20.00).",
        "Clip 2 (0:05.00-0:05.00) ends before it starts.",
        "Clip 3 (0:00.00-11:40.00) is longer than the 10:00.00 allowed.",
        "Clip 3 (0:00.00-11:40.00) ends after the footage does (1:20.00).",
        "Clip 5 (0:01.00-0:02.00) repeats the id of an earlier clip.",
    ]
