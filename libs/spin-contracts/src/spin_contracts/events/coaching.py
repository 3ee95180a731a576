"""Facts of an apprentice's video coaching, published by the planner: time-coded comments of
the supervisor and the apprentice on footage, and the inter-rater agreement of their codings.

Ids, times and figures only: the words of a comment stay in the planner.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import ClassVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from spin_contracts.events.directory import ENTITY_ID
from spin_contracts.events.envelope import register
from spin_contracts.events.planner import _CaseEvent, documented

EXAMPLE_FOOTAGE_ID = "f0a1b2c3-d4e5-4f60-8a7b-8c9d0e1f2a05"


@register
class CoachingCommentPosted(_CaseEvent):
    """A supervisor or their apprentice commented on a time of the apprentice's footage."""

    model_config = documented(
        comment_id="2f9e8d7c-6b5a-4c3d-9e2f-1a0b9c8d7e06",
        footage_id=EXAMPLE_FOOTAGE_ID,
        at_s=64.2,
        author_id="lee-okafor",
        practitioner_id="dana-reyes",
        supervisor_id="lee-okafor",
        reply_to=None,
        posted_at="2026-03-19T18:05:00Z",
    )
    event_type: ClassVar[str] = "coaching_comment.posted"
    comment_id: UUID
    footage_id: UUID
    at_s: float = Field(ge=0, description="seconds from the start of the footage")
    author_id: str = Field(pattern=ENTITY_ID)
    practitioner_id: str = Field(pattern=ENTITY_ID, description="the apprentice coached")
    supervisor_id: str = Field(pattern=ENTITY_ID)
    reply_to: UUID | None = Field(default=None, description="the comment that opened the thread")
    posted_at: datetime


class NotComparable(StrEnum):
    """Why a principle's kappa is undefined: both raters were constant over every slice, so
    chance alone explains their agreement (expected agreement 1)."""

    CODED_THROUGHOUT = "coded_throughout"  # both coded it in every slice
    NEVER_CODED = "never_coded"  # neither coded it in any slice


# What a screen says instead of a kappa; the events carry the code only.
NOT_COMPARABLE_WORDS = {
    NotComparable.CODED_THROUGHOUT: "both coded this principle in every slice, so their "
    "agreement cannot be told apart from chance",
    NotComparable.NEVER_CODED: "neither coding has this principle in any slice (its moments "
    "do not reach the middle of a slice): try shorter slices",
}
NOT_COMPARABLE_UNKNOWN = "neither coding varied over the slices, so kappa is undefined"


def not_comparable_words(code: str | None) -> str:
    """The reason shown for a figure without kappa (older figures carry no code)."""
    known = {reason.value: words for reason, words in NOT_COMPARABLE_WORDS.items()}
    return known.get(code or "", NOT_COMPARABLE_UNKNOWN)


class PrincipleFigure(BaseModel):
    """Agreement on one principle (a level of the vocabulary, or `any` for any moment)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    principle: str = Field(min_length=1, max_length=64)
    kappa: float | None = Field(
        default=None, ge=-1, le=1, description="Cohen's kappa; none when neither coding varied"
    )
    not_comparable: NotComparable | None = Field(
        default=None, description="why kappa is none: both raters constant over every slice"
    )
    observed: float = Field(ge=0, le=1, description="share of slices coded alike")
    overlap: float | None = Field(
        default=None, ge=0, le=1, description="seconds both coded over seconds either coded"
    )
    slices: int = Field(ge=1)


@register
class AgreementComputed(_CaseEvent):
    """The supervisor and the apprentice both finished coding one footage independently:
    their agreement per principle, Cohen's kappa over time slices plus range overlap."""

    model_config = documented(
        footage_id=EXAMPLE_FOOTAGE_ID,
        practitioner_id="dana-reyes",
        supervisor_id="lee-okafor",
        slice_s=1.0,
        computed_at="2026-03-20T09:40:00Z",
        apprentice_moments=4,
        supervisor_moments=5,
        figures=[
            {
                "principle": "receiving_initiatives",
                "kappa": 0.52,
                "observed": 0.8,
                "overlap": 0.5,
                "slices": 600,
            },
            {
                "principle": "encouraging_initiatives",
                "kappa": None,
                "not_comparable": "never_coded",
                "observed": 1.0,
                "overlap": None,
                "slices": 600,
            },
            {"principle": "any", "kappa": 0.4, "observed": 0.7, "overlap": 0.5, "slices": 600},
        ],
    )
    event_type: ClassVar[str] = "agreement.computed"
    footage_id: UUID
    practitioner_id: str = Field(pattern=ENTITY_ID, description="the apprentice")
    supervisor_id: str = Field(pattern=ENTITY_ID)
    slice_s: float = Field(gt=0, le=60)
    computed_at: datetime
    apprentice_moments: int = Field(ge=0)
    supervisor_moments: int = Field(ge=0)
    figures: list[PrincipleFigure]
