"""Fidelity indicators F1-F11 (DOMAIN.md section 5): pure functions of one case's facts.

F1-F8 (the sessions of the VIG cycle) are here, F9-F11 (coaching, consent, footage) in
`indicators_practice`; `evaluate` runs them all.

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
from spin_portal.domain.outcomes import N_, Outcome
from spin_portal.domain.thresholds import Thresholds

# Close reasons that describe an ordinary end, so they do not explain an unusual length (F3).
ROUTINE_CLOSE_REASONS = frozenset({"completed", "goals_reached", "other"})


@dataclass(frozen=True)
class IndicatorResult:
    indicator: str
    outcome: Outcome
    reason: str


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

Indicator = Callable[[CaseFacts, Thresholds], tuple[Outcome, str]]


def _pct(share: float) -> str:
    return f"{share:.0%}"


def helping_question_first(case: CaseFacts, _t: Thresholds) -> tuple[Outcome, str]:
    filmings = case.filmings()
    if not filmings:
        return Outcome.NOT_APPLICABLE, "no filming recorded yet"
    first = filmings[0].held_at
    earlier = [at for at in case.helping_questions_at if at < first]
    if earlier:
        return (
            Outcome.PASS,
            f"helping question recorded {min(earlier):%Y-%m-%d}, before the first "
            f"filming {first:%Y-%m-%d}",
        )
    return (
        Outcome.FAIL,
        f"no helping question recorded before the first filming on {first:%Y-%m-%d}",
    )


def weekly_intensity(case: CaseFacts, t: Thresholds) -> tuple[Outcome, str]:
    horizon = case.last_activity()
    if case.opened_on is None or horizon is None:
        return Outcome.NOT_APPLICABLE, "no contact recorded yet"
    weeks = (horizon - case.opened_on).days // 7 + 1
    minutes = [0] * weeks
    for session in case.sessions:
        week = (session.held_at.date() - case.opened_on).days // 7
        if 0 <= week < weeks:
            minutes[week] += session.duration_minutes
    enough = sum(1 for m in minutes if m >= t.f2_min_weekly_minutes)
    share = enough / weeks
    text = (
        f"{enough} of {weeks} active weeks had at least "
        f"{t.f2_min_weekly_minutes} minutes of direct contact "
        f"({_pct(share)}; needed {_pct(t.f2_min_week_share)})"
    )
    return (Outcome.PASS if share >= t.f2_min_week_share else Outcome.FAIL), text


def duration(case: CaseFacts, t: Thresholds) -> tuple[Outcome, str]:
    if case.closed_on is None or case.opened_on is None:
        return Outcome.NOT_APPLICABLE, "the case is still open"
    weeks = (case.closed_on - case.opened_on).days / 7
    target = f"{t.f3_target_min_weeks}-{t.f3_target_max_weeks}"
    if t.f3_target_min_weeks <= weeks <= t.f3_target_max_weeks:
        return Outcome.PASS, f"lasted {weeks:.0f} weeks, within the usual {target}"
    if t.f3_flag_under_weeks <= weeks <= t.f3_flag_over_weeks:
        return (
            Outcome.PASS,
            f"lasted {weeks:.0f} weeks: outside {target} but within the "
            f"{t.f3_flag_under_weeks}-{t.f3_flag_over_weeks} tolerance",
        )
    reason = case.close_reason or "none"
    if reason not in ROUTINE_CLOSE_REASONS:
        return Outcome.PASS, f"lasted {weeks:.0f} weeks, explained by the close reason {reason!r}"
    side = "under" if weeks < t.f3_flag_under_weeks else "over"
    limit = t.f3_flag_under_weeks if side == "under" else t.f3_flag_over_weeks
    return (
        Outcome.FAIL,
        f"lasted {weeks:.0f} weeks, {side} {limit}, without a recorded reason "
        f"(closed as {reason!r})",
    )


def review_follows_filming(case: CaseFacts, t: Thresholds) -> tuple[Outcome, str]:
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
        return Outcome.NOT_APPLICABLE, "no filming whose review is due yet"
    missed = [f for f in due if not any(f < r <= f + window for r in reviews)]
    if missed:
        dates = ", ".join(f"{m:%Y-%m-%d}" for m in missed[:3])
        return (
            Outcome.FAIL,
            f"{len(missed)} of {len(due)} filmings had no shared review within "
            f"{t.f4_review_within_days} days (filmed {dates})",
        )
    return (
        Outcome.PASS,
        f"all {len(due)} filmings were followed by a shared review within "
        f"{t.f4_review_within_days} days",
    )


def _shown_clips(case: CaseFacts) -> list[tuple[bool, bool]]:
    return [
        (clip.strength, clip.linked_to_helping_question)
        for review in case.reviews()
        for clip in review.clips_shown
    ]


def strengths_based(case: CaseFacts, t: Thresholds) -> tuple[Outcome, str]:
    clips = _shown_clips(case)
    if not clips:
        return Outcome.NOT_APPLICABLE, "no clips shown in a shared review yet"
    strengths = sum(1 for strength, _ in clips if strength)
    share = strengths / len(clips)
    text = (
        f"{strengths} of {len(clips)} clips shown were strength moments "
        f"({_pct(share)}; needed {_pct(t.f5_min_strength_share)})"
    )
    return (Outcome.PASS if share >= t.f5_min_strength_share else Outcome.FAIL), text


def clips_answer_question(case: CaseFacts, t: Thresholds) -> tuple[Outcome, str]:
    clips = _shown_clips(case)
    if not clips:
        return Outcome.NOT_APPLICABLE, "no clips shown in a shared review yet"
    linked = sum(1 for _, link in clips if link)
    share = linked / len(clips)
    text = (
        f"{linked} of {len(clips)} clips shown were linked to a helping question "
        f"({_pct(share)}; needed {_pct(t.f6_min_linked_share)})"
    )
    return (Outcome.PASS if share >= t.f6_min_linked_share else Outcome.FAIL), text


def children_present(case: CaseFacts, _t: Thresholds) -> tuple[Outcome, str]:
    filmings = case.filmings()
    if not filmings:
        return Outcome.NOT_APPLICABLE, "no filming recorded yet"
    absent = [f for f in filmings if f.children_present is not True]
    if absent:
        dates = ", ".join(f"{f.held_at:%Y-%m-%d}" for f in absent[:3])
        return (
            Outcome.FAIL,
            f"children not recorded as present at {len(absent)} of {len(filmings)} "
            f"filmings ({dates})",
        )
    return Outcome.PASS, f"children present at all {len(filmings)} filmings"


def homework_agreed(case: CaseFacts, _t: Thresholds) -> tuple[Outcome, str]:
    reviews = case.reviews()
    if not reviews:
        return Outcome.NOT_APPLICABLE, "no shared review recorded yet"
    without = [r for r in reviews if r.homework_agreed is not True]
    if without:
        dates = ", ".join(f"{r.held_at:%Y-%m-%d}" for r in without[:3])
        return (
            Outcome.FAIL,
            f"no homework recorded at {len(without)} of {len(reviews)} shared reviews ({dates})",
        )
    return Outcome.PASS, f"homework agreed at all {len(reviews)} shared reviews"


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
