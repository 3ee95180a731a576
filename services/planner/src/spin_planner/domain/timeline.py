"""Checks that dates and times of the VIG cycle fit together (pure; callers supply `now`)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from spincore.i18n import N_

from spin_planner.domain.errors import Conflict, ImpossibleTimeline

# Clocks of phones and laptops drift; a few minutes ahead is still "now".
CLOCK_SKEW_S = 300
# A calendar day (an opening or closing date) is a day on the institute's clock, which the
# planner does not know: a day is refused only when it is impossible on every clock on earth,
# from UTC+14 (the first to start a day) to UTC-12 (the last).
EARLIEST_CLOCK = timedelta(hours=14)

# Whole sentences per recorded thing (`what`) and refused action: translations cannot be
# assembled from fragments.
IN_FUTURE = {
    "the session": N_("the session is in the future (%(at)s): record it once it has happened"),
    "the helping question": N_(
        "the helping question is in the future (%(at)s): record it once it has happened"
    ),
    "the supervision": N_(
        "the supervision is in the future (%(at)s): record it once it has happened"
    ),
    "the consent": N_("the consent is in the future (%(at)s): record it once it has happened"),
    "the withdrawal": N_(
        "the withdrawal is in the future (%(at)s): record it once it has happened"
    ),
}
BEFORE_OPENING = {
    "the session": N_("the session (%(day)s) is before the case was opened (%(opened)s)"),
    "the helping question": N_(
        "the helping question (%(day)s) is before the case was opened (%(opened)s)"
    ),
    "the closing date": N_("the closing date (%(day)s) is before the case was opened (%(opened)s)"),
}
FUTURE_DAY = {
    "the opening date": N_("the opening date (%(day)s) is in the future"),
    "the closing date": N_("the closing date (%(day)s) is in the future"),
}
CLOSED = {
    "record a session": N_("the case was closed on %(day)s: cannot record a session"),
    "record a helping question": N_(
        "the case was closed on %(day)s: cannot record a helping question"
    ),
    "change it": N_("the case was closed on %(day)s: cannot change it"),
    "record consent": N_("the case was closed on %(day)s: cannot record consent"),
}


def not_in_future(moment: datetime, now: datetime, *, what: str, field: str) -> None:
    if (moment - now).total_seconds() > CLOCK_SKEW_S:
        raise ImpossibleTimeline(IN_FUTURE[what], field=field, at=moment.isoformat())


def not_before_opening(moment: datetime | date, opened_on: date, *, what: str, field: str) -> None:
    day = moment.date() if isinstance(moment, datetime) else moment
    if _latest_day(moment) < opened_on:
        raise ImpossibleTimeline(
            BEFORE_OPENING[what], field=field, day=day.isoformat(), opened=opened_on.isoformat()
        )


def _latest_day(moment: datetime | date) -> date:
    """The moment's day on the first clock to start a day (a date is already a day)."""
    if not isinstance(moment, datetime):
        return moment
    return (moment.astimezone(UTC) + EARLIEST_CLOCK).date()


def case_is_open(closed_on: date | None, *, action: str) -> None:
    if closed_on is not None:
        raise Conflict(CLOSED[action], day=closed_on.isoformat())


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
            "the moment ends where it starts (%(end_s)g s): it needs a length",
            field=order_field,
            end_s=end_s,
        )
    if end_s < start_s:
        raise ImpossibleTimeline(
            "the moment ends (%(end_s)g s) before it starts (%(start_s)g s)",
            field=order_field,
            end_s=end_s,
            start_s=start_s,
        )
    if end_s > duration_s:
        raise ImpossibleTimeline(
            "the moment ends at %(end_s)g s, past the end of the footage (%(duration_s)g s)",
            field="end_s",
            end_s=end_s,
            duration_s=duration_s,
        )


def not_in_future_day(day: date, now: datetime, *, what: str, field: str) -> None:
    if day > (now + EARLIEST_CLOCK).date():
        raise ImpossibleTimeline(FUTURE_DAY[what], field=field, day=day.isoformat())
