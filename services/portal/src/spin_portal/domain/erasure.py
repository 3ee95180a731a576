"""How erased footage is worded for people: the events carry only a closed-set reason."""

from __future__ import annotations

from datetime import datetime

ERASURE_REASONS = {
    "consent_withdrawn": "the filming consent was withdrawn",
    "case_closed": "the case was closed and its retention period ended",
    "raw_retention": "its retention period ended",
    "training_consent_withdrawn": "the training consent was withdrawn",
    "training_retention": "clips are kept for training five years at most",
}

ERASED_SCOPES = {
    "all": "footage erased",
    "raw": "camera file erased",
    "training": "training clips erased",
}

OBJECT_KINDS = {
    "raw": "camera file",
    "rendition": "rendition",
    "poster": "poster",
    "sprite": "scrub sprite",
    "vtt": "thumbnails track",
    "clip": "clip",
    "reel": "reel",
    "staging": "upload staging part",
    "multipart": "unfinished upload",
}


def reason_words(reason: object) -> str:
    return ERASURE_REASONS.get(str(reason), "the data rules required it")


def erased_words(erased_at: datetime | str | None, reason: object) -> str:
    """ "Erased on <date> because <reason>", in place of a dead link."""
    when = str(erased_at or "")[:10] or "an unknown date"
    return f"This footage was erased on {when} because {reason_words(reason)}."
