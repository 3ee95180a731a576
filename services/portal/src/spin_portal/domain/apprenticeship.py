"""Where an apprentice stands in their apprenticeship (DOMAIN.md: 18 months, 98 hours,
coaching at least every 31 days, F9), from the supervision sessions recorded. Pure: the
caller supplies today."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

HOURS_TARGET = 98
MONTHS_TARGET = 18
MAX_DAYS_BETWEEN = 31


@dataclass(frozen=True)
class Supervision:
    held_at: datetime
    duration_minutes: int


@dataclass(frozen=True)
class Progress:
    started_on: date | None
    hours: float
    months: int
    days_since_coaching: int | None
    overdue: bool
    summary: str

    hours_target: int = HOURS_TARGET
    months_target: int = MONTHS_TARGET
    max_days: int = MAX_DAYS_BETWEEN
    # What the summary counts from, for pages that say it in the reader's language.
    days: int = 0
    last_coached_on: date | None = None


def whole_months(start: date, day: date) -> int:
    months = (day.year - start.year) * 12 + day.month - start.month
    return max(0, months - (day.day < start.day))


def progress(
    started_on: date | None,
    supervisions: Iterable[Supervision],
    today: date,
    max_days: int = MAX_DAYS_BETWEEN,
) -> Progress:
    held = sorted(supervisions, key=lambda s: s.held_at)
    hours = round(sum(s.duration_minutes for s in held) / 60, 1)
    if started_on is None:
        return Progress(None, hours, 0, None, False, "not an apprentice")
    months = whole_months(started_on, today)
    last = held[-1].held_at.date() if held else None
    days = (today - (last or started_on)).days
    since = "the start of the apprenticeship" if last is None else f"the last coaching ({last})"
    if months >= MONTHS_TARGET:
        return Progress(
            started_on, hours, months, days if last else None, False, "apprenticeship completed"
        )
    overdue = days > max_days
    verdict = (
        f"coaching is overdue (F9: at most {max_days} days)"
        if overdue
        else (f"next coaching due within {max_days - days} days")
    )
    return Progress(
        started_on,
        hours,
        months,
        days if last else None,
        overdue,
        f"{days} days since {since}: {verdict}",
        max_days=max_days,
        days=days,
        last_coached_on=last,
    )
