"""Commands of coaching an apprentice on their footage: comments and the supervisor's coding."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class NewComment:
    at_s: float  # seconds from the start of the footage
    words: str
    reply_to: UUID | None = None  # a comment of the footage: the reply joins its thread


@dataclass(frozen=True, slots=True, kw_only=True)
class NewCodedMoment:
    start_s: float
    end_s: float
    principles: list[str]


@dataclass(frozen=True, slots=True, kw_only=True)
class CodingDone:
    slice_s: float  # length of the time slices kappa compares
