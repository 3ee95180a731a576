"""How erased footage is worded for people: the events carry only a closed-set reason."""

from __future__ import annotations

from typing import Any

ERASURE_REASONS = {
    "consent_withdrawn": "the filming consent was withdrawn",
    "case_closed": "the case was closed and its retention period ended",
    "raw_retention": "its retention period ended",
}


def erased_words(footage: dict[str, Any]) -> str:
    """ "Erased on <date> because <reason>", in place of a dead link."""
    when = str(footage.get("erased_at") or "")[:10] or "an unknown date"
    why = ERASURE_REASONS.get(str(footage.get("erased_reason")), "the data rules required it")
    return f"This footage was erased on {when} because {why}."
