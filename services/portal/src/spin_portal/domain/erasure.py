"""How erased footage is worded for people: the events carry only a closed-set reason. The words
are messages (N_); `web/erasure_words.py` shows them in the reader's language."""

from __future__ import annotations

from spin_portal.domain.outcomes import N_

ERASURE_REASONS = {
    "consent_withdrawn": N_("the filming consent was withdrawn"),
    "case_closed": N_("the case was closed and its retention period ended"),
    "raw_retention": N_("its retention period ended"),
    "training_consent_withdrawn": N_("the training consent was withdrawn"),
    "training_retention": N_("clips are kept for training five years at most"),
}

ERASED_SCOPES = {
    "all": N_("footage erased"),
    "raw": N_("camera file erased"),
    "training": N_("training clips erased"),
}

OBJECT_KINDS = {
    "raw": N_("camera file"),
    "rendition": N_("rendition"),
    "poster": N_("poster"),
    "sprite": N_("scrub sprite"),
    "vtt": N_("thumbnails track"),
    "clip": N_("clip"),
    "reel": N_("reel"),
    "staging": N_("upload staging part"),
    "multipart": N_("unfinished upload"),
}


UNKNOWN_REASON = N_("the data rules required it")
