"""Is a rendition a faithful copy of its source? (Checked before the camera file's retention
clock starts: once the camera file is erased, the renditions are all there is.)"""

from __future__ import annotations

from typing import Any

from spin_contracts.events.footage import MediaMetadata

DURATION_TOLERANCE_S = 1.0


def rendition_problems(name: str, probe: dict[str, Any], source: MediaMetadata) -> list[str]:
    """What is wrong with one rendition as ffprobe sees it in storage (empty when fine)."""
    streams = probe.get("streams", [])
    kinds = {stream.get("codec_type") for stream in streams}
    problems = []
    if "video" not in kinds:
        problems.append(f"{name} has no video stream")
    if source.has_audio and "audio" not in kinds:
        problems.append(f"{name} has no audio stream though the source has sound")
    duration = _duration(probe)
    if duration is None or abs(duration - source.duration_s) > DURATION_TOLERANCE_S:
        problems.append(f"{name} lasts {duration} s, the source {source.duration_s} s")
    return problems


def _duration(probe: dict[str, Any]) -> float | None:
    try:
        return float(probe.get("format", {})["duration"])
    except (KeyError, TypeError, ValueError):
        return None
