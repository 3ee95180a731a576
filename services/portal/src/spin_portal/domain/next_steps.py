"""What a practitioner should do next on a case, from facts the read model holds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


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


def next_step(progress: CaseProgress) -> tuple[str, int]:
    """The step in words and its urgency (lower comes first in a practitioner's list)."""
    untagged = progress.footage_ready_untagged
    rules = (
        (progress.closed, "Closed", 9),
        (not progress.filming_consent, "Consent missing: record the filming consent", 0),
        (progress.helping_questions == 0, "Write the parent's helping question", 1),
        (untagged > 0, f"Footage to analyse ({untagged})", 2),
        (_review_due(progress), "Shared review due", 3),
        (progress.footage_processing > 0, "Footage processing", 4),
    )
    for applies, words, urgency in rules:
        if applies:
            return words, urgency
    return "Film the next interaction", 5


def _review_due(progress: CaseProgress) -> bool:
    if progress.last_filming_at is None or progress.footage_ready == 0:
        return False
    return progress.last_review_at is None or progress.last_review_at < progress.last_filming_at
