"""Legal holds, placed and lifted by an agency's admin through the planner: while a case has a
hold, none of its footage is erased (the erasures stay due and run once it is lifted).

The reason stays in the planner (it may name a court or a family); events carry ids only.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar
from uuid import UUID

from spin_contracts.events.envelope import register
from spin_contracts.events.planner import _CaseEvent, documented

EXAMPLE_HOLD_ID = "7d4b1e2a-0f3c-4b8e-9a61-5c2d3e4f5a60"


@register
class LegalHoldPlaced(_CaseEvent):
    """Erasure of the case's footage is suspended from `placed_at` until the hold is lifted."""

    model_config = documented(hold_id=EXAMPLE_HOLD_ID, placed_at="2026-06-02T09:00:00Z")
    event_type: ClassVar[str] = "legal_hold.placed"
    hold_id: UUID
    placed_at: datetime


@register
class LegalHoldLifted(_CaseEvent):
    """The hold no longer suspends erasure; what became due meanwhile runs at the next pass."""

    model_config = documented(hold_id=EXAMPLE_HOLD_ID, lifted_at="2026-09-14T16:30:00Z")
    event_type: ClassVar[str] = "legal_hold.lifted"
    hold_id: UUID
    lifted_at: datetime
