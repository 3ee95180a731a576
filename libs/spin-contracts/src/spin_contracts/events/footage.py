"""Footage lifecycle: started and uploaded by ingest, transcoded (or failed) and finally erased by
transcode; clips."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any, ClassVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from spin_contracts.events.consent import CASE_CODE
from spin_contracts.events.envelope import Event, register
from spin_contracts.events.failures import Failing
from spin_contracts.topics import Topic

SHA256_HEX = r"^[0-9a-f]{64}$"
# An identifier, not words: what ingest has always accepted, so every event on the topic fits.
FILMING_SESSION_ID = r"^[A-Za-z0-9._:-]{1,64}$"


def _no_longer_sent(max_length: int | None = None) -> Any:
    """Words a person typed, on a topic kept for ever: read so that older events still decode,
    never written again."""
    return Field(
        default=None,
        max_length=max_length,
        exclude=True,
        deprecated=True,
        description="no longer sent; older events may carry it and consumers ignore it",
    )


class _FootageEvent(Event):
    topic: ClassVar[str] = Topic.FOOTAGE
    footage_id: UUID
    case_code: str = Field(pattern=CASE_CODE)

    def partition_key(self) -> str:
        return str(self.footage_id)


@register
class FootageUploadStarted(_FootageEvent):
    """An upload began: its bytes go to `object_key` (an S3 multipart upload) and, between
    requests, to staging objects under `staging_prefix`. The erasure owner learns from this
    what an unfinished upload of a case leaves in storage."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "footage_id": "3f1c2b7a-9d4e-4f60-8a1b-2c3d4e5f6a70",
                    "case_code": "US-BOS-0042",
                    "upload_id": "9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a",
                    "bucket": "spin-footage",
                    "object_key": "raw/agency-a/site-1/3f1c2b7a-9d4e-4f60-8a1b-2c3d4e5f6a70",
                    "staging_prefix": "staging/9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a/",
                    "started_at": "2026-05-10T14:00:00Z",
                }
            ]
        }
    )
    event_type: ClassVar[str] = "footage.upload_started"
    upload_id: UUID
    bucket: str
    object_key: str
    staging_prefix: str
    started_at: datetime


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
    device: str | None = _no_longer_sent()  # typed at the site: "iPhone van Jan de Vries"


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
class FootageFailed(_FootageEvent, Failing):
    """Processing ended without a playable result: why as `reason_code` and its values (the
    stage, attempts, a short disk), the English `reason` kept for older readers."""

    event_type: ClassVar[str] = "footage.failed"
    stage: str = Field(description="probe, transcode, thumbnails, upload, ...")
    detail: str = Field(default="", description="last lines of ffmpeg's error output")


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
    caption: str | None = _no_longer_sent(200)  # the planner keeps what people typed


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
    """Render these segments of one footage as clips and, when `reel`, one feedback reel.
    Ids and times only: the reel's title stays in the planner."""

    event_type: ClassVar[str] = "clip.requested"
    feedback_plan_id: UUID | None = None
    clips: list[ClipSegment] = Field(min_length=1)
    reel: bool = False
    reel_title: str | None = _no_longer_sent(120)  # "Bedtime with Jo": stays in the planner
    # The language of the reel's title cards ("Clip 1"): a code, the practitioner's language.
    language: str = Field(default="en", pattern=r"^[a-z]{2,3}$")


@register
class ClipRendered(_ClipEvent):
    event_type: ClassVar[str] = "clip.rendered"
    feedback_plan_id: UUID | None = None
    bucket: str
    clips: list[RenderedClip]
    reel_key: str | None = None


@register
class ClipFailed(_ClipEvent, Failing):
    event_type: ClassVar[str] = "clip.failed"
    feedback_plan_id: UUID | None = None
    detail: str = ""


class ErasureReason(StrEnum):
    """Why footage was erased: the rule that made it due (DOMAIN.md section 6)."""

    CONSENT_WITHDRAWN = "consent_withdrawn"
    RAW_RETENTION = "raw_retention"
    CASE_CLOSED = "case_closed"
    TRAINING_CONSENT_WITHDRAWN = "training_consent_withdrawn"
    TRAINING_RETENTION = "training_retention"


class ErasureScope(StrEnum):
    RAW = "raw"  # the camera file only; renditions stay
    ALL = "all"  # the camera file and everything made from it
    TRAINING = "training"  # the clips marked for training only; the rest stays


class ErasedKind(StrEnum):
    RAW = "raw"
    RENDITION = "rendition"
    POSTER = "poster"
    SPRITE = "sprite"
    VTT = "vtt"
    CLIP = "clip"
    REEL = "reel"
    STAGING = "staging"
    MULTIPART = "multipart"  # an unfinished multipart upload, aborted


class ErasedObject(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str
    kind: ErasedKind
    size_bytes: int = Field(ge=0, description="0 for an aborted multipart upload")


@register
class FootageErased(_FootageEvent):
    """Objects of one footage are gone from storage (every one listed), because of `reason`.

    `scope` raw: only the camera file went, renditions stay playable; all: nothing is left;
    training: the clips marked for training went (each listed), the footage stays.
    Ids, keys, closed-set codes and times only: screens word it ("erased on <date> because
    <reason>")."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "footage_id": "3f1c2b7a-9d4e-4f60-8a1b-2c3d4e5f6a70",
                    "case_code": "US-BOS-0042",
                    "scope": "all",
                    "reason": "consent_withdrawn",
                    "due_at": "2026-05-11T14:30:00Z",
                    "erased_at": "2026-05-11T14:30:02Z",
                    "bucket": "spin-footage",
                    "objects": [
                        {
                            "key": "raw/agency-a/site-1/3f1c2b7a-9d4e-4f60-8a1b-2c3d4e5f6a70",
                            "kind": "raw",
                            "size_bytes": 734003200,
                        },
                        {
                            "key": "renditions/3f1c2b7a-9d4e-4f60-8a1b-2c3d4e5f6a70/720p.mp4",
                            "kind": "rendition",
                            "size_bytes": 98566144,
                        },
                    ],
                }
            ]
        }
    )
    event_type: ClassVar[str] = "footage.erased"
    scope: ErasureScope
    reason: ErasureReason
    due_at: datetime = Field(description="when the rule made the erasure due")
    erased_at: datetime
    bucket: str
    objects: list[ErasedObject]
