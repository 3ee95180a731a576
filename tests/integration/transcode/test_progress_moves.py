"""The transcoder's ffmpeg runs report progress while they work, for footage of any length
(a sprite sheet tiled in the same run held every -progress line back until the end), and
still make the sheet the WebVTT track points into."""

from __future__ import annotations

from pathlib import Path

from spin_transcode.adapters import ffmpeg
from spin_transcode.domain.failures import Refusal
from spin_transcode.domain.plan import LadderSettings, plan_transcode
from spin_transcode.domain.probe import assess

from tests.integration.transcode.media import h264_mp4

SECONDS = 60.0
LADDER = LadderSettings(
    short_sides=[360, 240],
    max_fps=25,
    sprite_interval_s=10,
    sprite_tile_width=160,
    sprite_columns=10,
    sprite_max_tiles=400,
)


async def test_progress_moves_and_the_sheet_is_tiled(tmp_path: Path) -> None:
    source = h264_mp4(tmp_path / "source.mp4", seconds=SECONDS)
    metadata = assess(await ffmpeg.probe(str(source)), 3600)
    assert not isinstance(metadata, Refusal), metadata
    plan = plan_transcode(metadata, LADDER)
    outputs = {rung.name: tmp_path / f"{rung.name}.mp4" for rung in plan.rungs}
    outputs |= {"poster": tmp_path / "poster.jpg", "sprite": tmp_path / "sprite.jpg"}
    seen: list[float] = []

    async def progress(done_s: float) -> None:
        seen.append(done_s)

    encoding = ffmpeg.Encoding(preset="ultrafast", crf=23, threads=1)
    await ffmpeg.run_in_order(
        ffmpeg.web_outputs_commands(str(source), plan, encoding, outputs), progress
    )

    midway = [s for s in seen if 0.1 * SECONDS <= s <= 0.9 * SECONDS]
    assert midway, f"no progress between 10 % and 90 %: {seen}"
    sheet = (await ffmpeg.probe(str(outputs["sprite"])))["streams"][0]
    grid = plan.grid
    assert (sheet["width"], sheet["height"]) == (
        grid.columns * grid.tile_width,
        grid.rows * grid.tile_height,
    )
    assert all(outputs[name].stat().st_size > 0 for name in outputs)
