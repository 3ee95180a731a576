"""What a practitioner should do next on a case, from facts the read model holds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from spin_portal.domain.outcomes import N_


@dataclass(frozen=True)
class CaseProgress:
    closed: bool
    filming_consent: bool
    helping_questions: int
    footage_ready: int
    footage_ready_untagged: int
    footage_processing: int
    last_filming_at: datetime | None
    last_review_at: datetime | None


def step_message(progress: CaseProgress) -> tuple[str, int]:
    """The step as a message to translate (`%(untagged)s`: footage to analyse) and its urgency
    (lower comes first in a practitioner's list)."""
    rules = (
        (progress.closed, N_("Closed"), 9),
        (not progress.filming_consent, N_("Consent missing: record the filming consent"), 0),
        (progress.helping_questions == 0, N_("Write the parent's helping question"), 1),
        (progress.footage_ready_untagged > 0, N_("Footage to analyse (%(untagged)s)"), 2),
        (_review_due(progress), N_("Shared review due"), 3),
        (progress.footage_processing > 0, N_("Footage processing"), 4),
    )
    for applies, message, urgency in rules:
        if applies:
            return message, urgency
    return N_("Film the next interaction"), 5


def next_step(progress: CaseProgress) -> tuple[str, int]:
    """The step in English words and its urgency."""
    message, urgency = step_message(progress)
    return message % {"untagged": progress.footage_ready_untagged}, urgency


def _review_due(progress: CaseProgress) -> bool:
    if progress.last_filming_at is None or progress.footage_ready == 0:
        return False
    return progress.last_review_at is None or progress.last_review_at < progress.last_filming_at
