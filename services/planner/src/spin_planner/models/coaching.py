"""Coaching of an apprentice on their footage: comments, the supervisor's coding, agreement."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import Field, computed_field
from spin_contracts.events.coaching import PrincipleFigure, not_comparable_words

from spin_planner.models import Body, View
from spin_planner.models.moments import Principles

SliceSeconds = Field(
    default=1.0, gt=0, le=60, description="length of the time slices kappa compares (seconds)"
)


class NewComment(Body):
    at_s: float = Field(ge=0, description="seconds from the start of the footage")
    words: str = Field(min_length=1, max_length=4000)
    reply_to: UUID | None = Field(
        default=None, description="a comment of this footage: the reply joins its thread"
    )


class CommentView(View):
    id: UUID
    case_id: UUID
    footage_id: UUID
    practitioner_id: str
    supervisor_id: str
    author_id: str
    reply_to: UUID | None
    at_s: float
    words: str
    created_at: datetime


class NewCodedMoment(Body):
    start_s: float = Field(ge=0, allow_inf_nan=False)
    end_s: float = Field(gt=0, allow_inf_nan=False)
    principles: list[str] = Principles


class CodedMomentView(View):
    id: UUID
    footage_id: UUID
    coder_id: str
    start_s: float
    end_s: float
    principles: list[str]


class CodingDone(Body):
    slice_s: float = SliceSeconds


class CodingView(View):
    """Where the two codings of a footage stand, for the person asking."""

    footage_id: UUID
    practitioner_id: str
    supervisor_id: str
    my_role: str = Field(description="supervisor or apprentice")
    supervisor_done_at: datetime | None
    apprentice_done_at: datetime | None
    supervisor_moments: list[CodedMomentView] = Field(
        description="hidden from the apprentice until both codings are done"
    )
    supervisor_moments_hidden: bool
    apprentice_moments_hidden: bool = Field(
        description="for the supervisor: the apprentice's moments on this footage are hidden "
        "until both codings are done, or until they choose to see them (closing their coding)"
    )
    moments_seen_at: datetime | None = Field(
        description="when the supervisor chose to see the apprentice's moments instead of "
        "coding blind"
    )


class FigureView(PrincipleFigure):
    """A principle's figures as a screen shows them: without kappa, the reason why."""

    @computed_field(description="why there is no kappa, in words; none when there is one")
    def not_comparable_reason(self) -> str | None:
        if self.kappa is not None:
            return None
        return not_comparable_words(self.not_comparable)


class AgreementView(View):
    footage_id: UUID
    practitioner_id: str
    supervisor_id: str
    slice_s: float
    apprentice_moments: int
    supervisor_moments: int
    figures: list[FigureView]
    computed_at: datetime
