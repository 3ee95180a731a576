"""Poster time, scrub-preview sprite grid and its WebVTT thumbnails track."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class SpriteGrid:
    interval_s: float
    tiles: int
    columns: int
    rows: int
    tile_width: int
    tile_height: int

    @property
    def layout(self) -> str:
        return f"{self.columns}x{self.rows}"


def sprite_grid(
    duration_s: float,
    shown_w: int,
    shown_h: int,
    *,
    interval_s: float,
    tile_width: int,
    columns: int,
    max_tiles: int,
) -> SpriteGrid:
    """One tile every `interval_s` (stretched for long footage so the sheet stays bounded)."""
    interval = max(interval_s, duration_s / max_tiles)
    tiles = max(1, math.ceil(duration_s / interval))
    columns = min(columns, tiles)
    tile_height = max(2, round(tile_width * shown_h / shown_w / 2) * 2)
    return SpriteGrid(
        interval_s=interval,
        tiles=tiles,
        columns=columns,
        rows=math.ceil(tiles / columns),
        tile_width=tile_width,
        tile_height=tile_height,
    )


def poster_time(duration_s: float) -> float:
    """A frame early enough to be representative, late enough to skip a black start."""
    return round(min(duration_s * 0.1, 5.0), 3)


def _timestamp(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def thumbnails_vtt(grid: SpriteGrid, duration_s: float, sprite_name: str) -> str:
    """WebVTT cues pointing into the sprite with media fragments (`#xywh=`)."""
    cues = ["WEBVTT", ""]
    for index in range(grid.tiles):
        start = index * grid.interval_s
        end = min(duration_s, start + grid.interval_s)
        x = (index % grid.columns) * grid.tile_width
        y = (index // grid.columns) * grid.tile_height
        cues += [
            f"{_timestamp(start)} --> {_timestamp(end)}",
            f"{sprite_name}#xywh={x},{y},{grid.tile_width},{grid.tile_height}",
            "",
        ]
    return "\n".join(cues)
