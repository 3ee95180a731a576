"""Rendition sizes: aspect kept, rotation honoured, never upscaled, no duplicates."""

import pytest
from spin_transcode.domain.ladder import Rung, ladder, output_fps


def test_full_hd_gets_720p_and_360p() -> None:
    assert ladder(1920, 1080, 0, [720, 360]) == [
        Rung("720p", 1280, 720),
        Rung("360p", 640, 360),
    ]


def test_phone_quarter_turn_becomes_portrait() -> None:
    assert ladder(1920, 1080, 90, [360, 720]) == [
        Rung("720p", 720, 1280),
        Rung("360p", 360, 640),
    ]


def test_small_source_is_not_upscaled_and_named_after_its_size() -> None:
    assert ladder(320, 240, 0, [720, 360]) == [Rung("240p", 320, 240)]


def test_odd_aspect_gives_even_sizes() -> None:
    (rung,) = ladder(1000, 750, 180, [480])
    assert (rung.width, rung.height) == (640, 480)
    assert rung.width % 2 == rung.height % 2 == 0


@pytest.mark.parametrize(
    ("source", "expected"), [(59.94, 30.0), (25.0, 25.0), (20.69, 20.69), (0.0, 30.0)]
)
def test_constant_output_rate_is_capped(source: float, expected: float) -> None:
    assert output_fps(source, 30.0) == expected
