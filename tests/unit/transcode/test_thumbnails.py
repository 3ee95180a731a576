"""Sprite sheet geometry and the WebVTT thumbnails track."""

from spin_transcode.domain.thumbnails import poster_time, sprite_grid, thumbnails_vtt


def test_ten_minutes_one_tile_every_ten_seconds() -> None:
    grid = sprite_grid(600, 1920, 1080, interval_s=10, tile_width=160, columns=10, max_tiles=400)
    assert (grid.tiles, grid.layout, grid.tile_width, grid.tile_height) == (60, "10x6", 160, 90)


def test_long_footage_stretches_the_interval_to_bound_the_sheet() -> None:
    grid = sprite_grid(
        4 * 3600, 1080, 1920, interval_s=10, tile_width=160, columns=10, max_tiles=400
    )
    assert (grid.tiles, grid.interval_s, grid.tile_height) == (400, 36.0, 284)


def test_vtt_cues_point_into_the_sprite() -> None:
    grid = sprite_grid(25, 1280, 720, interval_s=10, tile_width=160, columns=2, max_tiles=400)

    assert thumbnails_vtt(grid, 25, "sprite.jpg") == (
        "WEBVTT\n\n"
        "00:00:00.000 --> 00:00:10.000\nsprite.jpg#xywh=0,0,160,90\n\n"
        "00:00:10.000 --> 00:00:20.000\nsprite.jpg#xywh=160,0,160,90\n\n"
        "00:00:20.000 --> 00:00:25.000\nsprite.jpg#xywh=0,90,160,90\n"
    )


def test_poster_skips_the_start_but_not_too_far() -> None:
    assert (poster_time(2), poster_time(600)) == (0.2, 5.0)
