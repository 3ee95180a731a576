"""Footage lifecycle: uploaded by ingest, transcoded (or failed) by transcode; clips."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from spincore.events.consent import CASE_CODE
from spincore.events.envelope import Event, register
from spincore.topics import Topic

SHA256_HEX = r"^[0-9a-f]{64}$"
# An identifier, not words: what ingest has always accepted, so every event on the topic fits.
FILMING_SESSION_ID = r"^[A-Za-z0-9._:-]{1,64}$"


class _FootageEvent(Event):
    topic: ClassVar[str] = Topic.FOOTAGE
    footage_id: UUID
    case_code: str = Field(pattern=CASE_CODE)

    def partition_key(self) -> str:
        return str(self.footage_id)


@register
class FootageUploaded(_FootageEvent):
    """A complete, verified camera file is in object storage."""

    event_type: ClassVar[str] = "footage.uploaded"
    filming_session_id: str = Field(
        pattern=FILMING_SESSION_ID,
        description="the filming session's reference in the planner (letters, digits, . _ : -)",
    )
    filmed_at: datetime
    uploaded_at: datetime
    bucket: str
    object_key: str
    size_bytes: int = Field(ge=0)
    sha256: str = Field(pattern=SHA256_HEX)
    container: str = Field(description="sniffed container: mp4, mov, mpegts, avi, matroska")
    # Free text typed at the site ("iPhone van Jan de Vries" came through) on a topic kept for
    # ever: read so that events already on the topic still decode, never written again.
    device: str | None = Field(
        default=None,
        exclude=True,
        deprecated=True,
        description="no longer sent; older events may carry it and consumers ignore it",
    )


class MediaMetadata(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    duration_s: float = Field(ge=0)
    frame_rate: float = Field(ge=0)
    width: int = Field(ge=0)
    height: int = Field(ge=0)
    video_codec: str
    audio_codec: str | None = None
    has_audio: bool
    rotation: int = Field(
        default=0,
        description="clockwise degrees a player turns the stored picture to show it upright "
        "(0, 90, 180 or 270). ffprobe's display-matrix `rotation` counts counter-clockwise, "
        "so a file ffprobe reports with rotation 90 (or -270) has 270 here, and -90 gives 90",
    )
    recorded_at: datetime | None = Field(
        default=None,
        description="when the camera says it recorded, from the file's own metadata; null when "
        "the file does not say or its clock was unset (an epoch such as 1970-01-01)",
    )


class Rendition(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(description="ladder rung, for example 720p or 360p")
    key: str
    width: int
    height: int
    size_bytes: int = Field(ge=0)


@register
class FootageTranscoded(_FootageEvent):
    """Playable renditions, poster and scrub previews are ready."""

    event_type: ClassVar[str] = "footage.transcoded"
    bucket: str
    renditions: list[Rendition]
    poster_key: str
    sprite_key: str
    thumbnails_vtt_key: str
    metadata: MediaMetadata


@register
class FootageFailed(_FootageEvent):
    """Processing ended without a playable result; `reason` is for a practitioner to read."""

    event_type: ClassVar[str] = "footage.failed"
    stage: str = Field(description="probe, transcode, thumbnails, upload, ...")
    reason: str
    detail: str = Field(default="", description="last lines of ffmpeg's error output")
    attempts: int = Field(ge=1, default=1)


@register
class FootageTranscodeProgress(Event):
    """Throttled progress of a running transcode, for screens."""

    event_type: ClassVar[str] = "footage.transcode_progress"
    topic: ClassVar[str] = Topic.FOOTAGE_PROGRESS
    footage_id: UUID
    case_code: str = Field(pattern=CASE_CODE)
    percent: int = Field(ge=0, le=100)
    stage: str

    def partition_key(self) -> str:
        return str(self.footage_id)


class ClipSegment(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    clip_id: UUID
    start_s: float = Field(ge=0)
    end_s: float = Field(gt=0)
    caption: str | None = Field(default=None, max_length=200)


class RenderedClip(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    clip_id: UUID
    key: str
    duration_s: float = Field(ge=0)


class _ClipEvent(Event):
    topic: ClassVar[str] = Topic.CLIPS
    request_id: UUID
    footage_id: UUID
    case_code: str = Field(pattern=CASE_CODE)

    def partition_key(self) -> str:
        return str(self.footage_id)


@register
class ClipRequested(_ClipEvent):
    """Render these segments of one footage as clips and, when `reel`, one feedback reel."""

    event_type: ClassVar[str] = "clip.requested"
    feedback_plan_id: UUID | None = None
    clips: list[ClipSegment] = Field(min_length=1)
    reel: bool = False
    reel_title: str | None = Field(default=None, max_length=120)


@register
class ClipRendered(_ClipEvent):
    event_type: ClassVar[str] = "clip.rendered"
    feedback_plan_id: UUID | None = None
    bucket: str
    clips: list[RenderedClip]
    reel_key: str | None = None


@register
class ClipFailed(_ClipEvent):
    event_type: ClassVar[str] = "clip.failed"
    feedback_plan_id: UUID | None = None
    reason: str
    detail: str = ""
