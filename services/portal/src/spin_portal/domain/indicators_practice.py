"""Fidelity indicators F9-F11 (DOMAIN.md section 5): around the sessions, the practitioner's
video feedback coaching, consent before filming and the footage's turnaround.

Pure functions of one case's facts, like F1-F8 in `indicators`.
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

from spin_portal.domain.facts import CaseFacts
from spin_portal.domain.outcomes import Outcome
from spin_portal.domain.thresholds import Thresholds


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, 28))


def practitioner_coached(case: CaseFacts, t: Thresholds) -> tuple[Outcome, str]:
    started = case.apprenticeship_started_on
    horizon = case.last_activity()
    if started is None:
        return Outcome.NOT_APPLICABLE, "the practitioner is not an apprentice"
    if case.opened_on is None or horizon is None:
        return Outcome.NOT_APPLICABLE, "no activity recorded yet"
    ends = _add_months(started, t.f9_apprenticeship_months)
    window_start, window_end = max(case.opened_on, started), min(horizon, ends)
    if window_start > window_end:
        return (
            Outcome.NOT_APPLICABLE,
            f"the case falls outside the apprenticeship ({started} to {ends})",
        )
    points = [
        started,
        *sorted(d for d in case.supervisions_on if started <= d <= window_end),
        window_end,
    ]
    limit = t.f9_max_days_between_supervisions
    gaps = [(a, b) for a, b in pairwise(points) if b > window_start and (b - a).days > limit]
    if gaps:
        a, b = max(gaps, key=lambda g: (g[1] - g[0]).days)
        return (
            Outcome.FAIL,
            f"apprentice went {(b - a).days} days without supervision ({a} to {b}; "
            f"at most {limit})",
        )
    return (
        Outcome.PASS,
        f"apprentice supervised at least every {limit} days from {window_start} to {window_end}",
    )


def consent_before_filming(case: CaseFacts, _t: Thresholds) -> tuple[Outcome, str]:
    uploads = [f for f in case.footage if f.uploaded_at is not None]
    if not uploads:
        return Outcome.NOT_APPLICABLE, "no footage uploaded yet"
    filming = [c for c in case.consents if c.purpose == "filming"]
    without = [
        f for f in uploads if f.uploaded_at and not any(c.holds_at(f.uploaded_at) for c in filming)
    ]
    if without:
        return (
            Outcome.FAIL,
            f"{len(without)} of {len(uploads)} uploads had no valid filming consent at upload time",
        )
    return Outcome.PASS, f"a valid filming consent covered all {len(uploads)} uploads"


def footage_turnaround(case: CaseFacts, t: Thresholds) -> tuple[Outcome, str]:
    uploads = [f for f in case.footage if f.uploaded_at is not None and f.filmed_at is not None]
    if not uploads:
        return Outcome.NOT_APPLICABLE, "no footage uploaded yet"
    limit = timedelta(hours=t.f11_max_upload_hours)
    late = [
        f for f in uploads if f.uploaded_at and f.filmed_at and f.uploaded_at - f.filmed_at > limit
    ]
    failed = [f for f in uploads if f.failed_reason]
    if late or failed:
        parts = []
        if late:
            parts.append(
                f"{len(late)} of {len(uploads)} uploaded later than "
                f"{t.f11_max_upload_hours} h after filming"
            )
        if failed:
            parts.append(f"{len(failed)} failed processing ({failed[0].failed_reason})")
        return Outcome.FAIL, "; ".join(parts)
    return (
        Outcome.PASS,
        f"all {len(uploads)} uploads arrived within {t.f11_max_upload_hours} h and none failed",
    )
