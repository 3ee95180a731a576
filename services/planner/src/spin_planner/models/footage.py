"""Footage and clips as the planner learns of them from ingest and transcode."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from spin_planner.domain.footage import FootageStatus
from spin_planner.models import View


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
    failure_reason: str | None


class ClipRequestView(View):
    id: UUID
    footage_id: UUID
    moment_ids: list[UUID]
    reel: bool
    status: str
    clip_keys: list[str]
    reel_key: str | None
    failure_reason: str | None
