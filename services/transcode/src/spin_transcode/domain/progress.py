"""ffmpeg `-progress` output to throttled percentages for screens."""

from __future__ import annotations


def out_time_s(line: str) -> float | None:
    """Seconds of output written, from one `-progress` line (None for other lines)."""
    key, _, value = line.strip().partition("=")
    # ffmpeg writes microseconds under both names (out_time_ms is a historic misnomer).
    if key not in {"out_time_us", "out_time_ms"} or not value.lstrip("-").isdigit():
        return None
    return max(0.0, int(value) / 1_000_000)


class ProgressThrottle:
    """Says when a new percentage is worth announcing: every `step` percent, never backwards."""

    def __init__(self, duration_s: float, step: int = 10) -> None:
        self.duration_s = duration_s
        self.step = step
        self.announced = 0

    def advance(self, done_s: float) -> int | None:
        if self.duration_s <= 0:
            return None
        percent = min(99, int(done_s / self.duration_s * 100))
        reached = percent - percent % self.step
        if reached <= self.announced:
            return None
        self.announced = reached
        return reached
