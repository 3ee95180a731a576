"""Rolling indicator results up: pass rates of applicable cases and the composite index."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Tally:
    applicable: int = 0
    passing: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.applicable + other.applicable, self.passing + other.passing)

    @property
    def pass_rate(self) -> float | None:
        """The share of applicable cases that pass; None when no case is applicable."""
        return self.passing / self.applicable if self.applicable else None


def composite_index(tallies: Mapping[str, Tally]) -> float | None:
    """Mean pass rate of the applicable indicators (each indicator weighs the same)."""
    rates = [rate for t in tallies.values() if (rate := t.pass_rate) is not None]
    return sum(rates) / len(rates) if rates else None


def sum_tallies(rows: Iterable[tuple[str, int, int]]) -> dict[str, Tally]:
    """Add (indicator, applicable, passing) rows up per indicator."""
    totals: dict[str, Tally] = {}
    for indicator, applicable, passing in rows:
        totals[indicator] = totals.get(indicator, Tally()) + Tally(applicable, passing)
    return totals
