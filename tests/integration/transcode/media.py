"""Test footage made by the ffmpeg CLI at test time (no media in git): small and short."""

from __future__ import annotations

import subprocess
from pathlib import Path

SOUND = ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"]


def _picture(size: str, rate: int, seconds: float) -> list[str]:
    return ["-f", "lavfi", "-i", f"testsrc2=size={size}:rate={rate}:duration={seconds}"]


def _ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", *args], check=True)


def h264_mp4(path: Path, size: str = "640x360", seconds: float = 2, audio: bool = True) -> Path:
    sound = [*SOUND, "-c:a", "aac", "-shortest"] if audio else []
    _ffmpeg(
        *_picture(size, 25, seconds),
        *sound,
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        "-pix_fmt",
        "yuv420p",
        "-metadata",
        "creation_time=2024-05-01T10:00:00Z",
        str(path),
    )
    return path


MAKERS: dict[str, list[str]] = {
    "mov_mpeg4.mov": ["-c:v", "mpeg4", "-c:a", "pcm_s16le", "-shortest"],
    "mkv_vp9.mkv": [
        *("-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8"),
        *("-c:a", "libopus", "-shortest"),
    ],
    "mpegts_mpeg2.ts": ["-c:v", "mpeg2video", "-c:a", "mp2", "-shortest"],
    "ten_bit.mp4": [
        *("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p10le"),
        *("-c:a", "aac", "-shortest"),
    ],
}


def encoded(path: Path) -> Path:
    """One of MAKERS: 2 s of 320x240 picture with sound in the named container and codec."""
    _ffmpeg(*_picture("320x240", 25, 2), *SOUND, *MAKERS[path.name], str(path))
    return path


def portrait_phone(path: Path) -> Path:
    """Stored landscape with a quarter-turn display matrix, as phones record upright video."""
    landscape = path.with_suffix(".landscape.mp4")
    _ffmpeg(
        *_picture("320x180", 30, 2),
        *SOUND,
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        "-c:a",
        "aac",
        "-shortest",
        str(landscape),
    )
    # ffmpeg 5 writes the display matrix from the `rotate` tag only when copying streams.
    _ffmpeg("-i", str(landscape), "-c", "copy", "-metadata:s:v:0", "rotate=90", str(path))
    return path


def variable_rate(path: Path) -> Path:
    """Frames at uneven intervals (every frame for a second, then every third)."""
    _ffmpeg(
        *_picture("320x240", 30, 2),
        "-vf",
        r"select='lt(t\,1)+not(mod(n\,3))'",
        "-fps_mode",
        "vfr",
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        str(path),
    )
    return path


def long_and_tiny(path: Path, seconds: float) -> Path:
    """Long but cheap to make: one small frame a second."""
    _ffmpeg(*_picture("64x64", 1, seconds), "-c:v", "libx264", "-preset", "ultrafast", str(path))
    return path


def truncated(path: Path) -> Path:
    """An mp4 cut off before its index (moov at the end) was written."""
    whole = h264_mp4(path.with_suffix(".whole.mp4"))
    data = whole.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def corrupt(path: Path) -> Path:
    path.write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 200)
    return path


def still_image(path: Path) -> Path:
    _ffmpeg(*_picture("320x240", 1, 1), "-frames:v", "1", str(path))
    return path


def sound_only(path: Path) -> Path:
    _ffmpeg("-f", "lavfi", "-i", "sine=duration=2", "-c:a", "aac", str(path))
    return path


def text(path: Path) -> Path:
    path.write_text("Minutes of the team meeting\n" * 40)
    return path
