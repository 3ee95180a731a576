"""Moments (micro-analysis) and feedback plans."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import Field
from spin_contracts.events.planner import MomentKind

from spin_planner.models import Body, View
from spin_planner.models.footage import ClipRequestView

Principles: list[str] = Field(
    default_factory=list,
    max_length=12,
    description="levels, elements or VHT aliases of the vocabulary (GET /vocabulary)",
)


class NewMoment(Body):
    footage_id: UUID
    start_s: float = Field(
        ge=0, allow_inf_nan=False, description="seconds from the start of the footage"
    )
    end_s: float = Field(gt=0, allow_inf_nan=False)
    principles: list[str] = Principles
    kind: MomentKind = Field(description="strength (better than usual) or working point")
    helping_question_id: UUID | None = None
    note: str | None = Field(default=None, max_length=4000)


class MomentEdit(Body):
    start_s: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    end_s: float | None = Field(default=None, gt=0, allow_inf_nan=False)
    principles: list[str] | None = Field(default=None, max_length=12)
    kind: MomentKind | None = None
    helping_question_id: UUID | None = None
    note: str | None = Field(default=None, max_length=4000)


class MomentView(View):
    id: UUID
    case_id: UUID
    footage_id: UUID
    start_s: float
    end_s: float
    principles: list[str]
    kind: MomentKind
    helping_question_id: UUID | None
    note: str | None
    version: int


class NewFeedbackPlan(Body):
    moment_ids: list[UUID] = Field(max_length=20, description="in showing order; at least one")
    principles_in_focus: list[str] = Principles
    questions: list[str] = Field(
        default_factory=list,
        max_length=20,
        description="questions to ask the parent, one per moment in the same order (may be empty)",
    )


class FeedbackPlanEdit(Body):
    moment_ids: list[UUID] | None = Field(default=None, max_length=20)
    principles_in_focus: list[str] | None = Field(default=None, max_length=12)
    questions: list[str] | None = Field(default=None, max_length=20)


class ClipOrder(Body):
    reel: bool = Field(default=True, description="also render one reel of the plan's clips")
    reel_title: str | None = Field(default=None, max_length=120)


class FeedbackPlanView(View):
    id: UUID
    case_id: UUID
    moment_ids: list[UUID]
    principles_in_focus: list[str]
    questions: list[str]
    shown_in_session_id: UUID | None
    status: str = Field(description="prepared or shown")
    clip_requests: list[ClipRequestView] = Field(default_factory=list)
    hidden_moments: int = Field(
        default=0,
        description="moments of the plan left out of moment_ids, questions and clips: the "
        "caller is coding their footage blind (a supervisor, until both codings are done)",
    )
    created_at: datetime
    version: int


class OfflineCopy(Body):
    """What a browser saved of a plan for a visit without network."""

    clip_count: int = Field(ge=1, le=20)
    reel: bool = False


class OfflinePolicy(View):
    downloads_allowed: bool = Field(description="the agency lets clips be kept in a browser")
