"""Timeline rules of the VIG cycle."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from spin_planner.domain import timeline
from spin_planner.domain.errors import Conflict, ImpossibleTimeline

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


def test_a_session_in_the_future_is_refused_but_clock_skew_is_tolerated() -> None:
    timeline.not_in_future(NOW + timedelta(minutes=2), NOW, what="the session", field="held_at")
    with pytest.raises(ImpossibleTimeline, match="the session is in the future") as refused:
        timeline.not_in_future(NOW + timedelta(hours=1), NOW, what="the session", field="held_at")
    assert refused.value.field == "held_at"


def test_nothing_happens_before_the_case_opened() -> None:
    with pytest.raises(ImpossibleTimeline, match=r"\(2026-03-31\) is before the case was opened"):
        timeline.not_before_opening(
            datetime(2026, 3, 31, 9, 59, tzinfo=UTC),
            date(2026, 4, 1),
            what="the session",
            field="held_at",
        )
    timeline.not_before_opening(
        date(2026, 4, 1), date(2026, 4, 1), what="the closing date", field="closed_on"
    )


def test_days_are_read_on_the_first_clock_to_start_them() -> None:
    """Late evening in UTC is already tomorrow in Jerusalem (and up to UTC+14): an institute
    there opens a case on its today and films right after, though the planner's clock says
    yesterday."""
    evening = datetime(2026, 12, 7, 23, 10, tzinfo=UTC)
    timeline.not_in_future_day(date(2026, 12, 8), evening, what="the opening date", field="x")
    with pytest.raises(ImpossibleTimeline, match=r"\(2026-12-09\) is in the future"):
        timeline.not_in_future_day(date(2026, 12, 9), evening, what="the opening date", field="x")
    timeline.not_before_opening(evening, date(2026, 12, 8), what="the session", field="held_at")


def test_a_review_needs_an_earlier_filming() -> None:
    with pytest.raises(ImpossibleTimeline, match="needs a filming session before it"):
        timeline.review_follows_filming(NOW, [])
    with pytest.raises(ImpossibleTimeline):
        timeline.review_follows_filming(NOW, [NOW + timedelta(days=1)])
    timeline.review_follows_filming(NOW, [NOW - timedelta(days=2), NOW + timedelta(days=1)])


def test_a_closed_case_takes_no_more_work() -> None:
    timeline.case_is_open(None, action="record a session")
    with pytest.raises(Conflict, match="closed on 2026-04-30: cannot record a session"):
        timeline.case_is_open(date(2026, 4, 30), action="record a session")


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (10.0, 10.0, "ends where it starts (10 s): it needs a length"),
        (10.0, 5.0, "ends (5 s) before it starts"),
        (590.0, 600.5, "ends at 600.5 s, past the end of the footage (600 s)"),
    ],
)
def test_moments_lie_within_the_footage(start: float, end: float, message: str) -> None:
    with pytest.raises(ImpossibleTimeline, match=message.replace("(", r"\(").replace(")", r"\)")):
        timeline.moment_within_footage(start, end, 600.0)


def test_the_order_message_goes_to_the_field_named() -> None:
    with pytest.raises(ImpossibleTimeline) as refused:
        timeline.moment_within_footage(20.0, 12.0, 600.0, order_field="start_s")
    assert refused.value.field == "start_s"


def test_a_moment_may_end_exactly_at_the_end() -> None:
    timeline.moment_within_footage(590.0, 600.0, 600.0)


def test_dates_in_the_future_are_refused() -> None:
    with pytest.raises(ImpossibleTimeline, match="the closing date"):
        timeline.not_in_future_day(date(2026, 5, 3), NOW, what="the closing date", field="x")
    timeline.not_in_future_day(date(2026, 5, 1), NOW, what="the closing date", field="x")
