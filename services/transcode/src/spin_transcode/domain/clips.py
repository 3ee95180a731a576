"""Checking clip requests against the footage before any work is done: each problem as a code
with its clip's number and times (clip.failed carries them for the reader's side to word), and
the English words older readers show."""

from __future__ import annotations

from spin_contracts.events.failures import SegmentFault, SegmentProblem
from spin_contracts.events.footage import ClipSegment

# Frame timestamps and container durations disagree by a frame or so.
END_TOLERANCE_S = 0.1


def _clock(seconds: float) -> str:
    minutes, secs = divmod(seconds, 60)
    return f"{int(minutes)}:{secs:05.2f}"


def segment_problems(
    segments: list[ClipSegment], duration_s: float, max_length_s: float
) -> list[SegmentProblem]:
    """Why segments cannot be cut from footage of `duration_s` (empty: fine)."""
    problems: list[SegmentProblem] = []
    seen: set[str] = set()
    for number, segment in enumerate(segments, start=1):
        faults: list[SegmentFault] = []
        if str(segment.clip_id) in seen:
            faults.append(SegmentFault.REPEATED_ID)
        seen.add(str(segment.clip_id))
        if segment.end_s <= segment.start_s:
            faults.append(SegmentFault.ENDS_BEFORE_START)
        elif segment.end_s - segment.start_s > max_length_s:
            faults.append(SegmentFault.TOO_LONG)
        if segment.end_s > duration_s + END_TOLERANCE_S:
            faults.append(SegmentFault.ENDS_AFTER_FOOTAGE)
        problems += [
            SegmentProblem(clip=number, start_s=segment.start_s, end_s=segment.end_s, fault=f)
            for f in faults
        ]
    return problems


ENGLISH = {
    SegmentFault.REPEATED_ID: "{where} repeats the id of an earlier clip.",
    SegmentFault.ENDS_BEFORE_START: "{where} ends before it starts.",
    SegmentFault.TOO_LONG: "{where} is longer than the {limit} allowed.",
    SegmentFault.ENDS_AFTER_FOOTAGE: "{where} ends after the footage does ({duration}).",
}


def problem_words(problem: SegmentProblem, duration_s: float, max_length_s: float) -> str:
    """One problem in English, for readers of clip.failed that know no code."""
    where = f"Clip {problem.clip} ({_clock(problem.start_s)}-{_clock(problem.end_s)})"
    return ENGLISH[problem.fault].format(
        where=where, limit=_clock(max_length_s), duration=_clock(duration_s)
    )
