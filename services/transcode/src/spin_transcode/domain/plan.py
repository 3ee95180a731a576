"""What one transcode makes from one source: rungs, frame rate, poster and sprite geometry."""

from __future__ import annotations

from dataclasses import dataclass

from spin_contracts.events.footage import MediaMetadata

from spin_transcode.domain.ladder import Rung, display_size, ladder, output_fps
from spin_transcode.domain.thumbnails import SpriteGrid, poster_time, sprite_grid


@dataclass(frozen=True)
class LadderSettings:
    short_sides: list[int]
    max_fps: float
    sprite_interval_s: float
    sprite_tile_width: int
    sprite_columns: int
    sprite_max_tiles: int


@dataclass(frozen=True)
class TranscodePlan:
    rungs: list[Rung]
    fps: float
    has_audio: bool
    duration_s: float
    poster_at_s: float
    grid: SpriteGrid


def plan_transcode(metadata: MediaMetadata, wanted: LadderSettings) -> TranscodePlan:
    shown_w, shown_h = display_size(metadata.width, metadata.height, metadata.rotation)
    return TranscodePlan(
        rungs=ladder(metadata.width, metadata.height, metadata.rotation, wanted.short_sides),
        fps=output_fps(metadata.frame_rate, wanted.max_fps),
        has_audio=metadata.has_audio,
        duration_s=metadata.duration_s,
        poster_at_s=poster_time(metadata.duration_s),
        grid=sprite_grid(
            metadata.duration_s,
            shown_w,
            shown_h,
            interval_s=wanted.sprite_interval_s,
            tile_width=wanted.sprite_tile_width,
            columns=wanted.sprite_columns,
            max_tiles=wanted.sprite_max_tiles,
        ),
    )
