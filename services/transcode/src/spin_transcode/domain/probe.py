"""Reading ffprobe's answer: what the footage is, or why it cannot become a rendition."""

from __future__ import annotations

from datetime import UTC, datetime
from fractions import Fraction
from typing import Any

from spin_contracts.events.failures import FailureCode
from spin_contracts.events.footage import MediaMetadata

from spin_transcode.domain.failures import Refusal

IMAGE_CODECS = frozenset({"mjpeg", "png", "bmp", "gif", "webp", "tiff", "jpegls"})
IMAGE_FORMATS = ("image2", "png_pipe", "jpeg_pipe", "webp_pipe", "bmp_pipe", "gif", "tiff_pipe")
# ffmpeg "plays" text files as a teletype animation; nobody filmed that.
TEXT_FORMATS = ("tty",)

# ffprobe error lines that say something about the file, not about the network.
FILE_PROBLEMS: dict[str, tuple[FailureCode, str]] = {
    "moov atom not found": (
        FailureCode.INCOMPLETE,
        "The file is incomplete or damaged: its index is missing, which happens when a "
        "recording or a copy is cut off. Please upload the complete recording again.",
    ),
    "Invalid data found when processing input": (
        FailureCode.DAMAGED,
        "The file is damaged or is not a video (the video could not be read). "
        "Please check the file and upload it again.",
    ),
    "could not find codec parameters": (
        FailureCode.UNDECODABLE,
        "The file is damaged: its video could not be decoded.",
    ),
    "End of file": (
        FailureCode.EMPTY,
        "The file is empty or cut off. Please upload the complete recording again.",
    ),
}
TRANSIENT_SIGNS = ("Connection refused", "Server returned 5", "timed out", "I/O error", "reset by")
# Cameras with an unset clock write an epoch (1970-01-01, DOS's 1980-01-01, GPS's 1980-01-06):
# nothing was filmed with metadata before this, so such a date means "unknown".
EARLIEST_RECORDING = datetime(1990, 1, 1, tzinfo=UTC)


class ProbeUnavailableError(RuntimeError):
    """ffprobe could not reach the source (storage away): worth retrying."""


def refusal_from_probe_error(stderr: str) -> Refusal | None:
    """A failed ffprobe run: a refusal when the file is at fault, None when it may be transient."""
    if any(sign in stderr for sign in TRANSIENT_SIGNS):
        return None
    for sign, (code, reason) in FILE_PROBLEMS.items():
        if sign in stderr:
            return Refusal(code, reason)
    return None


def assess(probe: dict[str, Any], max_duration_s: float) -> MediaMetadata | Refusal:
    """The footage's metadata, or why it is refused (not a video, no video, corrupt, too long)."""
    streams: list[dict[str, Any]] = probe.get("streams", [])
    fmt: dict[str, Any] = probe.get("format", {})
    video = _first(streams, "video")
    not_footage = _not_footage(fmt, video, streams)
    if not_footage is not None or video is None:
        return not_footage or Refusal(
            FailureCode.NOT_A_VIDEO, "The file is not a video (no video stream was found)."
        )
    duration = _duration(video, fmt)
    width, height = int(video.get("width") or 0), int(video.get("height") or 0)
    if duration <= 0 or width <= 0 or height <= 0:
        return Refusal(
            FailureCode.NO_SIZE, "The file is damaged: its length or picture size cannot be read."
        )
    if duration > max_duration_s:
        return Refusal(
            FailureCode.TOO_LONG,
            f"The video is too long ({_minutes(duration)}); "
            f"the limit is {_minutes(max_duration_s)}. Please trim it and upload it again.",
            duration_s=round(duration, 3),
            limit_s=max_duration_s,
        )
    audio = _first(streams, "audio")
    return MediaMetadata(
        duration_s=round(duration, 3),
        frame_rate=round(frame_rate(video), 3),
        width=width,
        height=height,
        video_codec=str(video.get("codec_name", "unknown")),
        audio_codec=str(audio["codec_name"]) if audio else None,
        has_audio=audio is not None,
        rotation=rotation(video),
        recorded_at=_recorded_at(fmt, video),
    )


def _not_footage(
    fmt: dict[str, Any], video: dict[str, Any] | None, streams: list[dict[str, Any]]
) -> Refusal | None:
    if fmt.get("format_name") in TEXT_FORMATS:
        return Refusal(FailureCode.TEXT_DOCUMENT, "The file is a text document, not a video.")
    if video is None and _first(streams, "audio") is not None:
        return Refusal(
            FailureCode.SOUND_ONLY,
            "The file has sound but no picture: it is not a video recording.",
        )
    if video is not None and (
        video.get("codec_name") in IMAGE_CODECS or fmt.get("format_name") in IMAGE_FORMATS
    ):
        return Refusal(FailureCode.STILL_IMAGE, "The file is a still image, not a video.")
    return None


def _first(streams: list[dict[str, Any]], kind: str) -> dict[str, Any] | None:
    for stream in streams:
        disposition = stream.get("disposition", {})
        if stream.get("codec_type") == kind and not disposition.get("attached_pic"):
            return stream
    return None


def _duration(video: dict[str, Any], fmt: dict[str, Any]) -> float:
    for value in (fmt.get("duration"), video.get("duration")):
        try:
            return float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            continue
    return 0.0


def _rate(text: str | None) -> float:
    try:
        value = Fraction(text or "0/0")
    except (ValueError, ZeroDivisionError):
        return 0.0
    return float(value)


def frame_rate(video: dict[str, Any]) -> float:
    """The average rate when known (variable-rate phones), else the stream's base rate."""
    return _rate(video.get("avg_frame_rate")) or _rate(video.get("r_frame_rate"))


def rotation(video: dict[str, Any]) -> int:
    """Clockwise degrees a player turns the picture (0, 90, 180, 270)."""
    for side_data in video.get("side_data_list", []):
        if "rotation" in side_data:
            return int(-float(side_data["rotation"])) % 360
    rotate = video.get("tags", {}).get("rotate")
    return int(rotate) % 360 if rotate else 0


def _recorded_at(fmt: dict[str, Any], video: dict[str, Any]) -> datetime | None:
    for tags in (fmt.get("tags", {}), video.get("tags", {})):
        text = tags.get("creation_time") or tags.get("com.apple.quicktime.creationdate")
        if text:
            try:
                when = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
            except ValueError:
                continue
            aware = when if when.tzinfo else when.replace(tzinfo=UTC)
            if aware >= EARLIEST_RECORDING:
                return when
    return None


def _minutes(seconds: float) -> str:
    hours, rest = divmod(round(seconds), 3600)
    return f"{hours} h {rest // 60} min" if hours else f"{rest // 60} min {rest % 60} s"
