"""What a feedback plan must be before it is saved or cut into clips (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from spin_planner.domain.errors import InvalidInput


def _clock(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}:{secs:02d}"


def has_moments(moment_ids: list[UUID]) -> None:
    if not moment_ids:
        raise InvalidInput(
            "a feedback plan needs at least one moment: choose the moments to show the parent",
            field="moment_ids",
        )


def reel_fits(ranges: Iterable[tuple[float, float]], limit_s: float) -> None:
    """The plan's clips, end to end, must fit in the longest reel transcode renders."""
    total = sum(end - start for start, end in ranges)
    if total > limit_s:
        raise InvalidInput(
            "the plan's clips last %(total)s together, longer than the %(limit)s "
            "a reel may last: leave out a moment or shorten one",
            field="moment_ids",
            total=_clock(total),
            limit=_clock(limit_s),
        )
