"""Reading ffprobe output: metadata, or a reason a practitioner can read."""

from typing import Any

import pytest
from spin_contracts.events.failures import FailureCode
from spin_transcode.domain.failures import Refusal
from spin_transcode.domain.probe import assess, refusal_from_probe_error

PHONE: dict[str, Any] = {
    "streams": [
        {
            "codec_type": "video",
            "codec_name": "hevc",
            "width": 1920,
            "height": 1080,
            "avg_frame_rate": "2997/100",
            "r_frame_rate": "30/1",
            "side_data_list": [{"side_data_type": "Display Matrix", "rotation": -90}],
        },
        {"codec_type": "audio", "codec_name": "aac"},
    ],
    "format": {
        "format_name": "mov,mp4,m4a,3gp,3g2,mj2",
        "duration": "612.48",
        "tags": {"creation_time": "2025-03-04T17:30:00.000000Z"},
    },
}


def test_phone_footage_metadata() -> None:
    meta = assess(PHONE, max_duration_s=3600)

    assert not isinstance(meta, Refusal)
    assert (meta.width, meta.height, meta.rotation, meta.frame_rate) == (1920, 1080, 90, 29.97)
    assert (meta.video_codec, meta.audio_codec, meta.has_audio) == ("hevc", "aac", True)
    assert meta.duration_s == 612.48
    assert str(meta.recorded_at) == "2025-03-04 17:30:00+00:00"


def test_old_rotate_tag_and_no_audio() -> None:
    video = {**PHONE["streams"][0], "side_data_list": [], "tags": {"rotate": "270"}}
    meta = assess({"streams": [video], "format": {"duration": "3"}}, 3600)

    assert not isinstance(meta, Refusal)
    assert (meta.rotation, meta.has_audio, meta.audio_codec, meta.recorded_at) == (
        270,
        False,
        None,
        None,
    )


def _refusal(probe: dict[str, Any], max_duration_s: float = 3600) -> Refusal:
    verdict = assess(probe, max_duration_s)
    assert isinstance(verdict, Refusal)
    return verdict


def test_too_long_says_how_long_and_the_limit() -> None:
    refusal = _refusal(PHONE, max_duration_s=600)
    assert (refusal.code, refusal.duration_s, refusal.limit_s) == (
        FailureCode.TOO_LONG,
        612.48,
        600,
    )
    assert refusal.reason == (
        "The video is too long (10 min 12 s); the limit is 10 min 0 s. "
        "Please trim it and upload it again."
    )


@pytest.mark.parametrize(
    ("probe", "code", "words"),
    [
        (
            {"streams": [], "format": {"format_name": "mp3"}},
            FailureCode.NOT_A_VIDEO,
            "not a video (no video stream",
        ),
        (
            {"streams": [PHONE["streams"][1]], "format": {}},
            FailureCode.SOUND_ONLY,
            "sound but no picture",
        ),
        (
            {"streams": [{"codec_type": "video", "codec_name": "mjpeg"}], "format": {}},
            FailureCode.STILL_IMAGE,
            "still image",
        ),
        (
            {"streams": [{"codec_type": "video"}], "format": {"format_name": "tty"}},
            FailureCode.TEXT_DOCUMENT,
            "text document",
        ),
        (
            {"streams": [{**PHONE["streams"][0], "width": 0}], "format": {}},
            FailureCode.NO_SIZE,
            "damaged",
        ),
    ],
)
def test_what_is_not_footage(probe: dict[str, Any], code: FailureCode, words: str) -> None:
    refusal = _refusal(probe)
    assert refusal.code == code
    assert words in refusal.reason
    assert (refusal.duration_s, refusal.limit_s) == (None, None)


@pytest.mark.parametrize(
    ("stderr", "code", "words"),
    [
        (
            "[mov @ 0x1] moov atom not found\nx: Invalid data found when processing input",
            FailureCode.INCOMPLETE,
            "index",
        ),
        (
            "x: Invalid data found when processing input",
            FailureCode.DAMAGED,
            "damaged or is not a video",
        ),
        ("x: could not find codec parameters", FailureCode.UNDECODABLE, "could not be decoded"),
        ("x: End of file", FailureCode.EMPTY, "empty or cut off"),
    ],
)
def test_file_faults_from_ffprobe_errors(stderr: str, code: FailureCode, words: str) -> None:
    refusal = refusal_from_probe_error(stderr)
    assert refusal is not None
    assert refusal.code == code
    assert words in refusal.reason


@pytest.mark.parametrize(
    "stderr",
    [
        "Connection to tcp://127.0.0.1:19000 failed: Connection refused",
        "HTTP error 503 Service Unavailable\nServer returned 5XX Server Error reply",
        "something nobody has seen before",
    ],
)
def test_storage_trouble_is_not_the_files_fault(stderr: str) -> None:
    assert refusal_from_probe_error(stderr) is None


@pytest.mark.parametrize(
    "unset_clock", ["1970-01-01T00:00:00.000000Z", "1980-01-01T00:00:00", "1904-01-01T00:00:00Z"]
)
def test_a_creation_time_at_an_epoch_is_unknown(unset_clock: str) -> None:
    probe = {**PHONE, "format": {**PHONE["format"], "tags": {"creation_time": unset_clock}}}
    meta = assess(probe, 3600)

    assert not isinstance(meta, Refusal)
    assert meta.recorded_at is None


def test_the_stream_tells_the_date_when_the_container_has_an_epoch() -> None:
    video = {**PHONE["streams"][0], "tags": {"creation_time": "2025-05-06T07:08:09Z"}}
    probe = {
        "streams": [video],
        "format": {**PHONE["format"], "tags": {"creation_time": "1970-01-01T00:00:00Z"}},
    }
    meta = assess(probe, 3600)

    assert not isinstance(meta, Refusal)
    assert str(meta.recorded_at) == "2025-05-06 07:08:09+00:00"
