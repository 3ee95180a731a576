"""Clips marked for use in training, published by the planner: the footage lifecycle erases
them when the family's training consent is withdrawn or at most five years after the marking
(DOMAIN.md section 6). Ids and times only: the clip's object key follows from its ids."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar
from uuid import UUID

from spin_contracts.events.envelope import register
from spin_contracts.events.planner import _CaseEvent, documented


@register
class ClipMarkedForTraining(_CaseEvent):
    """The rendered clip of moment `clip_id` (of footage `footage_id`) may be shown in training,
    under the case's training consent, from `marked_at` on."""

    model_config = documented(
        clip_id="5b6c7d8e-9f01-4a2b-8c3d-4e5f6a7b8c90",
        footage_id="3f1c2b7a-9d4e-4f60-8a1b-2c3d4e5f6a70",
        marked_at="2026-06-02T09:00:00Z",
    )
    event_type: ClassVar[str] = "clip.marked_for_training"
    clip_id: UUID
    footage_id: UUID
    marked_at: datetime
