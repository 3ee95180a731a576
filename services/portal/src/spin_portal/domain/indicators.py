"""Fidelity indicators F1-F11 (DOMAIN.md section 5): pure functions of one case's facts.

F1-F4 (the course of the VIG cycle) are here, F5-F8 (what its filmings and shared reviews
held) in `indicators_reviews`, F9-F11 (coaching, consent, footage) in `indicators_practice`;
`evaluate` runs them all.

Each returns pass, fail or not applicable with a reason a national trainer can read. The
results depend only on stored facts (never on the clock), so replaying events in any order
gives the same figures.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from spin_portal.domain.facts import CaseFacts
from spin_portal.domain.indicators_practice import (
    consent_before_filming,
    footage_turnaround,
    practitioner_coached,
)
from spin_portal.domain.indicators_reviews import (
    children_present,
    clips_answer_question,
    homework_agreed,
    strengths_based,
)
from spin_portal.domain.outcomes import N_, Nn_, Outcome
from spin_portal.domain.reasons import Param, Reason, days
from spin_portal.domain.thresholds import Thresholds

# Close reasons that describe an ordinary end, so they do not explain an unusual length (F3).
ROUTINE_CLOSE_REASONS = frozenset({"completed", "goals_reached", "other"})


@dataclass(frozen=True)
class IndicatorResult:
    indicator: str
    outcome: Outcome
    reason: Reason


# The names are messages (N_): pages show them in the reader's language.
INDICATOR_NAMES: dict[str, str] = {
    "F1": N_("Helping question first"),
    "F2": N_("Weekly intensity"),
    "F3": N_("Duration"),
    "F4": N_("Review follows filming"),
    "F5": N_("Strengths-based feedback"),
    "F6": N_("Clips answer the helping question"),
    "F7": N_("Children present at filming"),
    "F8": N_("Homework agreed"),
    "F9": N_("Practitioner coached"),
    "F10": N_("Consent before filming"),
    "F11": N_("Footage turnaround"),
}

Indicator = Callable[[CaseFacts, Thresholds], tuple[Outcome, Reason]]


def helping_question_first(case: CaseFacts, _t: Thresholds) -> tuple[Outcome, Reason]:
    filmings = case.filmings()
    if not filmings:
        return Outcome.NOT_APPLICABLE, Reason(N_("no filming recorded yet"))
    first = filmings[0].held_at
    earlier = [at for at in case.helping_questions_at if at < first]
    if earlier:
        return Outcome.PASS, Reason(
            N_(
                "helping question recorded %(question_on)s, before the first filming %(filming_on)s"
            ),
            {"question_on": days([min(earlier)]), "filming_on": days([first])},
        )
    return Outcome.FAIL, Reason(
        N_("no helping question recorded before the first filming on %(filming_on)s"),
        {"filming_on": days([first])},
    )


def weekly_intensity(case: CaseFacts, t: Thresholds) -> tuple[Outcome, Reason]:
    horizon = case.last_activity()
    if case.opened_on is None or horizon is None:
        return Outcome.NOT_APPLICABLE, Reason(N_("no contact recorded yet"))
    weeks = (horizon - case.opened_on).days // 7 + 1  # the horizon is never before the opening
    minutes = [0] * weeks
    for session in case.sessions:
        # A session before the opening day (a clock changed since) counts in week one.
        week = max(0, (session.held_at.date() - case.opened_on).days) // 7
        if 0 <= week < weeks:
            minutes[week] += session.duration_minutes
    enough = sum(1 for m in minutes if m >= t.f2_min_weekly_minutes)
    share = enough / weeks
    reason = Reason.counted(
        Nn_(
            "%(enough)s of %(weeks)s active week had at least %(weekly_minutes)s of direct "
            "contact (%(week_share)s; needed %(needed_share)s)",
            "%(enough)s of %(weeks)s active weeks had at least %(weekly_minutes)s of direct "
            "contact (%(week_share)s; needed %(needed_share)s)",
        ),
        "weeks",
        {
            "enough": enough,
            "weeks": weeks,
            "weekly_minutes": t.f2_min_weekly_minutes,
            "week_share": share,
            "needed_share": t.f2_min_week_share,
        },
    )
    return (Outcome.PASS if share >= t.f2_min_week_share else Outcome.FAIL), reason


# F3's sentences, each worded by the case's length in weeks.
LASTED_USUAL = Nn_(
    "lasted %(weeks)s week, within the usual %(low)s-%(high)s",
    "lasted %(weeks)s weeks, within the usual %(low)s-%(high)s",
)
LASTED_TOLERATED = Nn_(
    "lasted %(weeks)s week: outside %(low)s-%(high)s but within the %(under)s-%(over)s tolerance",
    "lasted %(weeks)s weeks: outside %(low)s-%(high)s but within the %(under)s-%(over)s tolerance",
)
LASTED_EXPLAINED = Nn_(
    "lasted %(weeks)s week, explained by the close reason '%(reason_code)s'",
    "lasted %(weeks)s weeks, explained by the close reason '%(reason_code)s'",
)
LASTED_SHORT = Nn_(
    "lasted %(weeks)s week, under %(limit)s, without a recorded reason "
    "(closed as '%(reason_code)s')",
    "lasted %(weeks)s weeks, under %(limit)s, without a recorded reason "
    "(closed as '%(reason_code)s')",
)
LASTED_LONG = Nn_(
    "lasted %(weeks)s week, over %(limit)s, without a recorded reason "
    "(closed as '%(reason_code)s')",
    "lasted %(weeks)s weeks, over %(limit)s, without a recorded reason "
    "(closed as '%(reason_code)s')",
)


def _lasted(forms: tuple[str, str], params: dict[str, Param]) -> Reason:
    return Reason.counted(forms, "weeks", params)


def duration(case: CaseFacts, t: Thresholds) -> tuple[Outcome, Reason]:
    if case.closed_on is None or case.opened_on is None:
        return Outcome.NOT_APPLICABLE, Reason(N_("the case is still open"))
    weeks = (case.closed_on - case.opened_on).days / 7
    usual: dict[str, Param] = {
        "weeks": round(weeks),
        "low": t.f3_target_min_weeks,
        "high": t.f3_target_max_weeks,
    }
    if t.f3_target_min_weeks <= weeks <= t.f3_target_max_weeks:
        return Outcome.PASS, _lasted(LASTED_USUAL, usual)
    if t.f3_flag_under_weeks <= weeks <= t.f3_flag_over_weeks:
        tolerance = {"under": t.f3_flag_under_weeks, "over": t.f3_flag_over_weeks}
        return Outcome.PASS, _lasted(LASTED_TOLERATED, usual | tolerance)
    code = case.close_reason or "none"
    closed_as: dict[str, Param] = {"weeks": round(weeks), "reason_code": code}
    if code not in ROUTINE_CLOSE_REASONS:
        return Outcome.PASS, _lasted(LASTED_EXPLAINED, closed_as)
    if weeks < t.f3_flag_under_weeks:
        return Outcome.FAIL, _lasted(LASTED_SHORT, closed_as | {"limit": t.f3_flag_under_weeks})
    return Outcome.FAIL, _lasted(LASTED_LONG, closed_as | {"limit": t.f3_flag_over_weeks})


def review_follows_filming(case: CaseFacts, t: Thresholds) -> tuple[Outcome, Reason]:
    window = timedelta(days=t.f4_review_within_days)
    horizon = case.last_activity()
    reviews = [r.held_at for r in case.reviews()]
    due = [
        f.held_at
        for f in case.filmings()
        if case.closed_on is not None
        or (horizon is not None and f.held_at.date() + window <= horizon)
        or any(f.held_at < r for r in reviews)
    ]
    if not due:
        return Outcome.NOT_APPLICABLE, Reason(N_("no filming whose review is due yet"))
    missed = [f for f in due if not any(f < r <= f + window for r in reviews)]
    if missed:
        return Outcome.FAIL, Reason.counted(
            Nn_(
                "the one filming due had no shared review within %(within_days)s "
                "(filmed %(filmed_on)s)",
                "%(missed)s of %(due)s filmings had no shared review within %(within_days)s "
                "(filmed %(filmed_on)s)",
            ),
            "due",
            {
                "missed": len(missed),
                "due": len(due),
                "within_days": t.f4_review_within_days,
                "filmed_on": days(missed[:3]),
            },
        )
    return Outcome.PASS, Reason.counted(
        Nn_(
            "the one filming due was followed by a shared review within %(within_days)s",
            "all %(due)s filmings were followed by a shared review within %(within_days)s",
        ),
        "due",
        {"due": len(due), "within_days": t.f4_review_within_days},
    )


INDICATORS: dict[str, Indicator] = {
    "F1": helping_question_first,
    "F2": weekly_intensity,
    "F3": duration,
    "F4": review_follows_filming,
    "F5": strengths_based,
    "F6": clips_answer_question,
    "F7": children_present,
    "F8": homework_agreed,
    "F9": practitioner_coached,
    "F10": consent_before_filming,
    "F11": footage_turnaround,
}


def evaluate(case: CaseFacts, thresholds: Thresholds) -> list[IndicatorResult]:
    """Every indicator of one case, in F1-F11 order."""
    return [
        IndicatorResult(indicator, *check(case, thresholds))
        for indicator, check in INDICATORS.items()
    ]
