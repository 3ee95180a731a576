"""Micro-analysis published by the planner: moments on the footage and the feedback plans that
order them for a shared review (F5, F6 and the portal's moment views come from these).

Events carry ids and principle tags only: no names, no free text from families.
"""

from __future__ import annotations

from typing import ClassVar
from uuid import UUID

from pydantic import Field

from spin_contracts.events.envelope import register
from spin_contracts.events.planner import MomentKind, _CaseEvent, documented


class _MomentFacts(_CaseEvent):
    """What a moment says; marked first, revised later with the same fields."""

    moment_id: UUID
    footage_id: UUID
    start_s: float = Field(ge=0)
    end_s: float = Field(gt=0)
    principles: list[str] = Field(default_factory=list)
    kind: MomentKind
    helping_question_id: UUID | None = None


class _FeedbackPlanFacts(_CaseEvent):
    """What a feedback plan holds; prepared first, revised later with the same fields."""

    feedback_plan_id: UUID
    moment_ids: list[UUID]
    principles_in_focus: list[str] = Field(default_factory=list)


@register
class MomentMarked(_MomentFacts):
    """Micro-analysis: a moment on the footage, tagged with principles."""

    model_config = documented(
        moment_id="b5f0c1d2-3e4f-4a5b-8c6d-7e8f9a0b1c03",
        footage_id="f0a1b2c3-d4e5-4f60-8a7b-8c9d0e1f2a05",
        start_s=62.5,
        end_s=71.0,
        principles=["receiving_initiatives", "encouraging_initiatives.waiting"],
        kind="strength",
        helping_question_id="0c6f7d0e-57a4-4c8e-9a53-2f5f3a0b9d01",
    )
    event_type: ClassVar[str] = "moment.marked"


@register
class MomentRevised(_MomentFacts):
    """A marked moment was corrected; the full current values replace those of moment.marked."""

    model_config = documented(
        moment_id="b5f0c1d2-3e4f-4a5b-8c6d-7e8f9a0b1c03",
        footage_id="f0a1b2c3-d4e5-4f60-8a7b-8c9d0e1f2a05",
        start_s=61.0,
        end_s=71.0,
        principles=["receiving_initiatives"],
        kind="strength",
        helping_question_id=None,
    )
    event_type: ClassVar[str] = "moment.revised"


@register
class MomentRemoved(_CaseEvent):
    """A marked moment was taken back before any plan or review used it; forget it."""

    model_config = documented(
        moment_id="b5f0c1d2-3e4f-4a5b-8c6d-7e8f9a0b1c03",
        footage_id="f0a1b2c3-d4e5-4f60-8a7b-8c9d0e1f2a05",
    )
    event_type: ClassVar[str] = "moment.removed"
    moment_id: UUID
    footage_id: UUID


@register
class FeedbackPlanPrepared(_FeedbackPlanFacts):
    """The ordered moments (and principles in focus) for an upcoming shared review."""

    model_config = documented(
        feedback_plan_id="e1d2c3b4-a5f6-4789-9abc-def012345604",
        moment_ids=["b5f0c1d2-3e4f-4a5b-8c6d-7e8f9a0b1c03"],
        principles_in_focus=["receiving_initiatives"],
    )
    event_type: ClassVar[str] = "feedback_plan.prepared"


@register
class FeedbackPlanRevised(_FeedbackPlanFacts):
    """A feedback plan was changed before it was shown; the values replace the prepared ones."""

    model_config = documented(
        feedback_plan_id="e1d2c3b4-a5f6-4789-9abc-def012345604",
        moment_ids=["b5f0c1d2-3e4f-4a5b-8c6d-7e8f9a0b1c03"],
        principles_in_focus=["receiving_initiatives", "guiding"],
    )
    event_type: ClassVar[str] = "feedback_plan.revised"
