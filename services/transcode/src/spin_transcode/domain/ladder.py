"""The rendition ladder: which sizes to make from a source, aspect kept, rotation honoured."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rung:
    name: str
    width: int
    height: int


def display_size(width: int, height: int, rotation: int) -> tuple[int, int]:
    """The picture as a player shows it: a phone's quarter turn swaps width and height."""
    return (height, width) if rotation % 180 == 90 else (width, height)


def _even(value: float) -> int:
    return max(2, round(value / 2) * 2)


def ladder(width: int, height: int, rotation: int, short_sides: list[int]) -> list[Rung]:
    """One rung per wanted short side (720 = "720p", portrait too), never upscaled, no repeats.

    A source smaller than a rung is kept at its own size and named after it ("240p").
    """
    shown_w, shown_h = display_size(width, height, rotation)
    source_short = min(shown_w, shown_h)
    rungs: list[Rung] = []
    for wanted in sorted(set(short_sides), reverse=True):
        short = min(wanted, source_short)
        scale = short / source_short
        rung = Rung(f"{short}p", _even(shown_w * scale), _even(shown_h * scale))
        if all((r.width, r.height) != (rung.width, rung.height) for r in rungs):
            rungs.append(rung)
    return rungs


def output_fps(source_fps: float, max_fps: float) -> float:
    """A constant output rate: the source's (variable rates averaged), capped, never zero."""
    if source_fps <= 0:
        return max_fps
    return round(min(source_fps, max_fps), 3)
