"""Clips marked for use in training: a moment's rendered clip, under the training consent."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import Field

from spin_planner.models import View


class TrainingClipView(View):
    moment_id: UUID
    case_id: UUID
    footage_id: UUID
    clip_key: str
    marked_by: str
    marked_at: datetime
    erased_at: datetime | None = Field(description="when the lifecycle erased the clip")
    erased_reason: str | None = Field(
        description="training_consent_withdrawn, training_retention, consent_withdrawn, case_closed"
    )
