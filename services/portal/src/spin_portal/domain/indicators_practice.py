"""Fidelity indicators F9-F11 (DOMAIN.md section 5): around the sessions, the practitioner's
video feedback coaching, consent before filming and the footage's turnaround.

Pure functions of one case's facts, like F1-F8 in `indicators`.
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

from spin_portal.domain.facts import CaseFacts, FootageFact
from spin_portal.domain.outcomes import N_, Nn_, Outcome
from spin_portal.domain.reasons import Param, Reason, days
from spin_portal.domain.thresholds import Thresholds


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, 28))


def practitioner_coached(case: CaseFacts, t: Thresholds) -> tuple[Outcome, Reason]:
    started = case.apprenticeship_started_on
    horizon = case.last_activity()
    if started is None:
        return Outcome.NOT_APPLICABLE, Reason(N_("the practitioner is not an apprentice"))
    if case.opened_on is None or horizon is None:
        return Outcome.NOT_APPLICABLE, Reason(N_("no activity recorded yet"))
    ends = _add_months(started, t.f9_apprenticeship_months)
    window_start, window_end = max(case.opened_on, started), min(horizon, ends)
    if window_start > window_end:
        return Outcome.NOT_APPLICABLE, Reason(
            N_("the case falls outside the apprenticeship (%(from_on)s to %(to_on)s)"),
            {"from_on": days([started]), "to_on": days([ends])},
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
        return Outcome.FAIL, Reason.counted(
            Nn_(
                "apprentice went %(days)s day without supervision (%(from_on)s to %(to_on)s; "
                "at most %(limit)s)",
                "apprentice went %(days)s days without supervision (%(from_on)s to %(to_on)s; "
                "at most %(limit)s)",
            ),
            "days",
            {"days": (b - a).days, "from_on": days([a]), "to_on": days([b]), "limit": limit},
        )
    return Outcome.PASS, Reason.counted(
        Nn_(
            "apprentice supervised every day from %(from_on)s to %(to_on)s",
            "apprentice supervised at least every %(limit)s days from %(from_on)s to %(to_on)s",
        ),
        "limit",
        {"limit": limit, "from_on": days([window_start]), "to_on": days([window_end])},
    )


NO_UPLOADS = Reason(N_("no footage uploaded yet"))


def consent_before_filming(case: CaseFacts, _t: Thresholds) -> tuple[Outcome, Reason]:
    uploads = [f for f in case.footage if f.uploaded_at is not None]
    if not uploads:
        return Outcome.NOT_APPLICABLE, NO_UPLOADS
    filming = [c for c in case.consents if c.purpose == "filming"]
    without = [
        f for f in uploads if f.uploaded_at and not any(c.holds_at(f.uploaded_at) for c in filming)
    ]
    if without:
        return Outcome.FAIL, Reason.counted(
            Nn_(
                "the one upload had no valid filming consent at upload time",
                "%(without)s of %(uploads)s uploads had no valid filming consent at upload time",
            ),
            "uploads",
            {"without": len(without), "uploads": len(uploads)},
        )
    return Outcome.PASS, Reason.counted(
        Nn_(
            "a valid filming consent covered the one upload",
            "a valid filming consent covered all %(uploads)s uploads",
        ),
        "uploads",
        {"uploads": len(uploads)},
    )


# F11's failure, one whole sentence for each mix of late and failed uploads, and the count
# each is worded by.
LATE = (
    Nn_(
        "the one upload came later than %(limit_hours)s after filming",
        "%(late)s of %(uploads)s uploaded later than %(limit_hours)s after filming",
    ),
    "uploads",
)
FAILED = (
    Nn_(
        "%(failed)s upload failed processing (%(failure)s)",
        "%(failed)s uploads failed processing (%(failure)s)",
    ),
    "failed",
)
LATE_AND_FAILED = (
    Nn_(
        "the one upload came later than %(limit_hours)s after filming and failed processing "
        "(%(failure)s)",
        "%(late)s of %(uploads)s uploaded later than %(limit_hours)s after filming; "
        "%(failed)s failed processing (%(failure)s)",
    ),
    "uploads",
)


def _failure(footage: FootageFact) -> Param:
    """Why the footage failed: its code and values for pages to word (with the English words
    the event carried), or those words alone where it carried no code."""
    if footage.failure is None:
        return footage.failed_reason or ""
    return {**footage.failure, "reason": footage.failed_reason or ""}


def footage_turnaround(case: CaseFacts, t: Thresholds) -> tuple[Outcome, Reason]:
    uploads = [f for f in case.footage if f.uploaded_at is not None and f.filmed_at is not None]
    if not uploads:
        return Outcome.NOT_APPLICABLE, NO_UPLOADS
    limit = timedelta(hours=t.f11_max_upload_hours)
    late = [
        f for f in uploads if f.uploaded_at and f.filmed_at and f.uploaded_at - f.filmed_at > limit
    ]
    failed = [f for f in uploads if f.failed_reason or f.failure]
    counts: dict[str, Param] = {"uploads": len(uploads), "limit_hours": t.f11_max_upload_hours}
    if late or failed:
        forms, count_key = LATE_AND_FAILED if late and failed else LATE if late else FAILED
        counts |= {"late": len(late), "failed": len(failed)}
        counts["failure"] = _failure(failed[0]) if failed else ""
        return Outcome.FAIL, Reason.counted(forms, count_key, counts)
    return Outcome.PASS, Reason.counted(
        Nn_(
            "the one upload arrived within %(limit_hours)s and did not fail",
            "all %(uploads)s uploads arrived within %(limit_hours)s and none failed",
        ),
        "uploads",
        counts,
    )
