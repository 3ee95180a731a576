"""Parsing ffmpeg -progress and announcing every 10 %, never backwards."""

from spin_transcode.domain.progress import ProgressThrottle, out_time_s


def test_progress_lines() -> None:
    assert out_time_s("out_time_us=12500000\n") == 12.5
    assert out_time_s("out_time_ms=1000000") == 1.0
    assert out_time_s("out_time_us=N/A") is None
    assert out_time_s("out_time=00:00:12.500000") is None
    assert out_time_s("frame=12") is None


def test_throttled_to_steps() -> None:
    throttle = ProgressThrottle(duration_s=100, step=10)
    seen = [throttle.advance(s) for s in (1, 9.9, 10, 15, 31, 30, 99.9, 150)]
    assert seen == [None, None, 10, None, 30, None, 90, None]


def test_unknown_duration_announces_nothing() -> None:
    assert ProgressThrottle(duration_s=0).advance(5) is None
