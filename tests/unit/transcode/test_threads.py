"""How many ffmpeg threads a job gets: long footage that steps aside for shorter jobs takes
every core (it is paused while they run); shorter footage shares the cores among the workers."""

from __future__ import annotations

from unittest import mock

from spin_transcode.settings import TranscodeSettings


def settings(**values: object) -> TranscodeSettings:
    return TranscodeSettings(_env_file=None, **values)  # type: ignore[arg-type]


def test_long_footage_takes_every_core_and_short_footage_shares_them() -> None:
    with mock.patch("spin_transcode.settings._cores", return_value=4):
        s = settings(transcode_workers=2)
        assert s.yield_limit_s(120.0) == 60.0
        assert s.ffmpeg_threads(120.0) == 4
        assert s.yield_limit_s(30.0) == 15.0  # it steps aside, but runs beside others
        assert s.ffmpeg_threads(30.0) == 2
        assert s.yield_limit_s(8.0) is None  # its limit (4 s) is below the 10 s minimum
        assert s.ffmpeg_threads(8.0) == 2
        assert s.ffmpeg_threads() == 2  # clips and the bare two-at-a-time comparison


def test_a_set_thread_count_is_kept_whatever_the_length() -> None:
    s = settings(transcode_threads=3)
    assert s.ffmpeg_threads(3600.0) == 3
    assert s.ffmpeg_threads(5.0) == 3


def test_footage_never_yields_with_a_zero_ratio_so_it_shares_the_cores() -> None:
    with mock.patch("spin_transcode.settings._cores", return_value=2):
        s = settings(transcode_workers=2, transcode_yield_ratio=0)
        assert s.yield_limit_s(3600.0) is None
        assert s.ffmpeg_threads(3600.0) == 1
