"""Commands of micro-analysis and feedback plans: moments, plans, their clips, offline copies."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from spin_contracts.events.planner import MomentKind


@dataclass(frozen=True, slots=True, kw_only=True)
class NewMoment:
    footage_id: UUID
    start_s: float
    end_s: float
    principles: list[str]
    kind: MomentKind
    helping_question_id: UUID | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class MomentEdit:
    """The fields named in `given` change; a field given as None is cleared."""

    start_s: float | None = None
    end_s: float | None = None
    principles: list[str] | None = None
    kind: MomentKind | None = None
    helping_question_id: UUID | None = None
    note: str | None = None
    given: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True, kw_only=True)
class NewFeedbackPlan:
    moment_ids: list[UUID]  # in showing order
    principles_in_focus: list[str]
    questions: list[str]  # one per moment in the same order (may be empty)


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedbackPlanEdit:
    """Only the fields given (not None) change."""

    moment_ids: list[UUID] | None = None
    principles_in_focus: list[str] | None = None
    questions: list[str] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ClipOrder:
    reel: bool
    reel_title: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class OfflineCopy:
    """What a browser saved of a plan for a visit without network."""

    clip_count: int
    reel: bool
