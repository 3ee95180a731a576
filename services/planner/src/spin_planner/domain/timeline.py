"""Checks that dates and times of the VIG cycle fit together (pure; callers supply `now`)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from spin_planner.domain.errors import Conflict, ImpossibleTimeline

# Clocks of phones and laptops drift; a few minutes ahead is still "now".
CLOCK_SKEW_S = 300


def not_in_future(moment: datetime, now: datetime, *, what: str, field: str) -> None:
    if (moment - now).total_seconds() > CLOCK_SKEW_S:
        raise ImpossibleTimeline(
            f"{what} is in the future ({moment.isoformat()}): record it once it has happened",
            field=field,
        )


def not_before_opening(moment: datetime | date, opened_on: date, *, what: str, field: str) -> None:
    day = moment.date() if isinstance(moment, datetime) else moment
    if day < opened_on:
        raise ImpossibleTimeline(
            f"{what} ({day.isoformat()}) is before the case was opened ({opened_on.isoformat()})",
            field=field,
        )


def case_is_open(closed_on: date | None, *, action: str) -> None:
    if closed_on is not None:
        raise Conflict(f"the case was closed on {closed_on.isoformat()}: cannot {action}")


def review_follows_filming(review_at: datetime, filmed_at: Iterable[datetime]) -> None:
    """A shared review shows footage, so some filming must come before it."""
    if not any(filmed <= review_at for filmed in filmed_at):
        raise ImpossibleTimeline(
            "a shared review needs a filming session before it: record the filming first",
            field="held_at",
        )


def moment_within_footage(
    start_s: float, end_s: float, duration_s: float, *, order_field: str = "end_s"
) -> None:
    """`order_field` gets the message when the moment ends before it starts."""
    if end_s == start_s:
        raise ImpossibleTimeline(
            f"the moment ends where it starts ({end_s:g} s): it needs a length", field=order_field
        )
    if end_s < start_s:
        raise ImpossibleTimeline(
            f"the moment ends ({end_s:g} s) before it starts ({start_s:g} s)", field=order_field
        )
    if end_s > duration_s:
        raise ImpossibleTimeline(
            f"the moment ends at {end_s:g} s, past the end of the footage ({duration_s:g} s)",
            field="end_s",
        )


def not_in_future_day(day: date, now: datetime, *, what: str, field: str) -> None:
    if day > now.date():
        raise ImpossibleTimeline(f"{what} ({day.isoformat()}) is in the future", field=field)
