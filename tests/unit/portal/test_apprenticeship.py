"""An apprentice's progress: hours of the 98, months of the 18, days since the last coaching."""

from __future__ import annotations

from datetime import UTC, date, datetime

from spin_portal.domain.apprenticeship import Supervision, progress, whole_months


def held(day: date, minutes: int = 90) -> Supervision:
    return Supervision(datetime(day.year, day.month, day.day, 9, tzinfo=UTC), minutes)


def test_hours_months_and_days_since_the_last_coaching() -> None:
    sessions = [held(date(2026, 1, 20), 90), held(date(2026, 2, 18), 120)]
    found = progress(date(2026, 1, 5), sessions, date(2026, 3, 10))
    assert (found.hours, found.months, found.days_since_coaching) == (3.5, 2, 20)
    assert not found.overdue
    assert (
        found.summary
        == "20 days since the last coaching (2026-02-18): next coaching due within 11 days"
    )


def test_more_than_31_days_without_coaching_is_overdue() -> None:
    found = progress(date(2026, 1, 5), [held(date(2026, 1, 20))], date(2026, 2, 21))
    assert found.overdue
    assert "32 days since the last coaching" in found.summary
    assert "overdue (F9: at most 31 days)" in found.summary


def test_without_any_coaching_the_days_count_from_the_start() -> None:
    found = progress(date(2026, 1, 5), [], date(2026, 2, 10))
    assert found.days_since_coaching is None
    assert found.overdue
    assert found.summary.startswith("36 days since the start of the apprenticeship")


def test_after_18_months_and_without_an_apprenticeship() -> None:
    assert progress(date(2024, 1, 5), [], date(2025, 7, 5)).summary == "apprenticeship completed"
    assert progress(None, [held(date(2026, 1, 1))], date(2026, 2, 1)).summary == "not an apprentice"
    assert whole_months(date(2026, 1, 31), date(2026, 2, 28)) == 0
    assert whole_months(date(2026, 1, 5), date(2026, 3, 5)) == 2
