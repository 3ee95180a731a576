"""Checking clip requests against the footage before any work is done."""

from __future__ import annotations

from spin_contracts.events.footage import ClipSegment

# Frame timestamps and container durations disagree by a frame or so.
END_TOLERANCE_S = 0.1


def _clock(seconds: float) -> str:
    minutes, secs = divmod(seconds, 60)
    return f"{int(minutes)}:{secs:05.2f}"


def segment_problems(
    segments: list[ClipSegment], duration_s: float, max_length_s: float
) -> list[str]:
    """Readable reasons why segments cannot be cut from footage of `duration_s` (empty: fine)."""
    problems: list[str] = []
    seen: set[str] = set()
    for number, segment in enumerate(segments, start=1):
        where = f"Clip {number} ({_clock(segment.start_s)}-{_clock(segment.end_s)})"
        if str(segment.clip_id) in seen:
            problems.append(f"{where} repeats the id of an earlier clip.")
        seen.add(str(segment.clip_id))
        if segment.end_s <= segment.start_s:
            problems.append(f"{where} ends before it starts.")
        elif segment.end_s - segment.start_s > max_length_s:
            problems.append(f"{where} is longer than the {_clock(max_length_s)} allowed.")
        if segment.end_s > duration_s + END_TOLERANCE_S:
            problems.append(f"{where} ends after the footage does ({_clock(duration_s)}).")
    return problems
