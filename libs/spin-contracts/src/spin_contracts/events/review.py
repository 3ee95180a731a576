"""Facts of preparing a shared review away from the office, published by the planner.

A plan's clips may be kept in the browser for a home visit without network only where the
agency allows downloads; these events say when a copy was made and when it was deleted, so
the agency's record of where footage went is complete. Ids and counts only.
"""

from __future__ import annotations

from typing import ClassVar
from uuid import UUID

from pydantic import Field

from spin_contracts.events.envelope import register
from spin_contracts.events.planner import _CaseEvent, documented

EXAMPLE_PLAN_ID = "e1d2c3b4-a5f6-4789-9abc-def012345604"


@register
class FeedbackPlanPreparedOffline(_CaseEvent):
    """The plan's clips were saved in one browser's storage for a shared review offline."""

    model_config = documented(feedback_plan_id=EXAMPLE_PLAN_ID, clip_count=3, reel=True)
    event_type: ClassVar[str] = "feedback_plan.prepared_offline"
    feedback_plan_id: UUID
    clip_count: int = Field(ge=1, description="clips saved, the reel not counted")
    reel: bool = Field(description="the reel was saved too")


@register
class FeedbackPlanOfflineCopyDeleted(_CaseEvent):
    """The browser deleted its offline copy of the plan's clips (after the review)."""

    model_config = documented(feedback_plan_id=EXAMPLE_PLAN_ID)
    event_type: ClassVar[str] = "feedback_plan.offline_copy_deleted"
    feedback_plan_id: UUID
