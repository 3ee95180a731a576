"""Inter-rater agreement of two codings of one footage, per principle (level).

Cohen's kappa over time slices, as ELAN and BORIS compute it: the footage is cut into slices of
`slice_s` seconds; for each principle each rater either coded it in a slice or not (sampled at
the slice's midpoint), and kappa compares the two sequences. Beside it the overlap of the
moment ranges in seconds (intersection over union), which does not depend on the slicing.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spin_contracts.events.coaching import NotComparable

from spin_planner.domain.vocabulary import level_of

ANY_PRINCIPLE = "any"  # a moment of whatever principle: did the two see the same moments?


@dataclass(frozen=True)
class Coded:
    """One rater's moment: a time range and the principle tags given to it."""

    start_s: float
    end_s: float
    principles: tuple[str, ...]


@dataclass(frozen=True)
class PrincipleAgreement:
    principle: str
    kappa: float | None  # None: neither rater's coding varied, so kappa is undefined
    not_comparable: NotComparable | None  # why kappa is None (None when it is a number)
    observed: float  # share of slices on which both agree
    overlap: float | None  # seconds both coded / seconds either coded; None when neither did
    slices: int


def levels(principles: Iterable[str]) -> set[str]:
    return {level_of(tag).key for tag in principles}


def slice_count(duration_s: float, slice_s: float) -> int:
    return max(1, math.ceil(duration_s / slice_s - 1e-9))


def presence(
    moments: Sequence[Coded], principle: str, duration_s: float, slice_s: float
) -> list[bool]:
    """For each slice, whether a moment coded with `principle` covers its midpoint."""
    ranges = [m for m in moments if principle == ANY_PRINCIPLE or principle in levels(m.principles)]
    return [
        any(m.start_s <= (i + 0.5) * slice_s < m.end_s for m in ranges)
        for i in range(slice_count(duration_s, slice_s))
    ]


def cohen_kappa(first: Sequence[bool], second: Sequence[bool]) -> tuple[float | None, float]:
    """(kappa, observed agreement) of two equally long binary sequences."""
    n = len(first)
    both = sum(1 for a, b in zip(first, second, strict=True) if a and b)
    neither = sum(1 for a, b in zip(first, second, strict=True) if not a and not b)
    observed = (both + neither) / n
    p1, p2 = sum(first) / n, sum(second) / n
    expected = p1 * p2 + (1 - p1) * (1 - p2)
    if expected >= 1:
        return None, observed
    return (observed - expected) / (1 - expected), observed


def not_comparable(first: Sequence[bool], second: Sequence[bool]) -> NotComparable | None:
    """Why kappa is undefined for these sequences: both raters constant over every slice
    (expected agreement 1); None when kappa is defined."""
    if all(first) and all(second):
        return NotComparable.CODED_THROUGHOUT
    if not any(first) and not any(second):
        return NotComparable.NEVER_CODED
    return None


def _union(ranges: Iterable[tuple[float, float]]) -> list[tuple[float, float]]:
    merged: list[tuple[float, float]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _length(ranges: Iterable[tuple[float, float]]) -> float:
    return sum(end - start for start, end in ranges)


def overlap(first: Sequence[Coded], second: Sequence[Coded], principle: str) -> float | None:
    """Seconds both raters coded `principle` over seconds either did (exact, not sliced)."""

    def spans(moments: Sequence[Coded]) -> list[tuple[float, float]]:
        return _union(
            (m.start_s, m.end_s)
            for m in moments
            if principle == ANY_PRINCIPLE or principle in levels(m.principles)
        )

    a, b = spans(first), spans(second)
    either = _length(_union([*a, *b]))
    if either == 0:
        return None
    both = _length(
        (max(s1, s2), min(e1, e2)) for s1, e1 in a for s2, e2 in b if min(e1, e2) > max(s1, s2)
    )
    return both / either


def agreement(
    first: Sequence[Coded], second: Sequence[Coded], duration_s: float, slice_s: float = 1.0
) -> list[PrincipleAgreement]:
    """Agreement on every principle either rater used, then on moments of any principle."""
    if slice_s <= 0 or duration_s <= 0:
        raise ValueError("the footage's length and the slice length must be positive")
    used = sorted(set().union(*(levels(m.principles) for m in [*first, *second])))
    figures = []
    for principle in [*used, ANY_PRINCIPLE]:
        a = presence(first, principle, duration_s, slice_s)
        b = presence(second, principle, duration_s, slice_s)
        kappa, observed = cohen_kappa(a, b)
        why = None if kappa is not None else not_comparable(a, b)
        figures.append(
            PrincipleAgreement(
                principle, kappa, why, observed, overlap(first, second, principle), len(a)
            )
        )
    return figures
