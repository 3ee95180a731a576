"""Legal holds: an agency admin suspends erasure of a case's footage, with a reason."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import Field

from spin_planner.models import Body, View


class NewHold(Body):
    reason: str = Field(
        min_length=3,
        max_length=500,
        description="why erasure is suspended (a court order, a complaint); kept for the audit",
    )


class HoldView(View):
    id: UUID
    case_id: UUID
    reason: str
    placed_by: str
    placed_at: datetime
    lifted_by: str | None
    lifted_at: datetime | None
