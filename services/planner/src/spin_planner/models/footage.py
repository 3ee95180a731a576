"""Footage and clips as the planner learns of them from ingest and transcode."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import Field
from spin_contracts.events.failures import FailureCode, SegmentFault

from spin_planner.domain.footage import FootageStatus
from spin_planner.models import View

FAILURE = "why it failed as a code and its values, to word in the reader's language; None "
FAILURE += "where only the English failure_reason says why"


class SegmentProblemView(View):
    """One problem of one requested clip: its number in the request and its times."""

    clip: int
    start_s: float
    end_s: float
    fault: SegmentFault


class FailureView(View):
    """The transcoder's reason code and its values (footage.failed, clip.failed)."""

    code: FailureCode
    stage: str
    attempts: int
    short_of_disk: bool = False
    duration_s: float | None = Field(
        default=None, description="too_long, segments_refused: the footage's seconds"
    )
    limit_s: float | None = Field(
        default=None,
        description="too_long: the longest footage taken; segments_refused: the longest clip",
    )
    problems: list[SegmentProblemView] | None = Field(
        default=None, description="segments_refused: each problem of each clip"
    )


class RenditionView(View):
    name: str = Field(description="ladder rung, for example 720p or 360p")
    key: str = Field(description="object key in the footage's bucket")
    width: int
    height: int


class FootageMedia(View):
    """Where a player finds the transcoded footage: object keys in `bucket`, which the caller
    signs or proxies (the planner hands out no URLs)."""

    bucket: str
    renditions: list[RenditionView]
    poster_key: str
    sprite_key: str
    thumbnails_vtt_key: str = Field(description="WebVTT track of sprite tiles for scrubbing")
    frame_rate: float
    width: int = Field(description="of the source picture")
    height: int


class FootageView(View):
    id: UUID
    case_code: str
    filming_session_ref: str | None
    status: FootageStatus
    percent: int
    stage: str | None
    duration_s: float | None
    filmed_at: datetime | None
    uploaded_at: datetime | None
    failure_reason: str | None = Field(description="English")
    failure: FailureView | None = Field(default=None, description=FAILURE)
    media: FootageMedia | None = Field(
        default=None, description="None until transcoded, and again once erased"
    )
    erased_at: datetime | None = Field(default=None, description="when all its objects went")
    erased_reason: str | None = Field(
        default=None, description="consent_withdrawn, case_closed or raw_retention"
    )
    raw_erased_at: datetime | None = Field(
        default=None, description="when the camera file alone went (renditions stay)"
    )


class ClipRequestView(View):
    id: UUID
    footage_id: UUID
    moment_ids: list[UUID]
    reel: bool
    reel_title: str | None = Field(default=None, description="kept here, never sent on")
    status: str
    clip_keys: list[str]
    reel_key: str | None
    failure_reason: str | None = Field(description="English")
    failure: FailureView | None = Field(default=None, description=FAILURE)
    clips_done: int = Field(default=0, description="clips cut so far, while status is requested")
