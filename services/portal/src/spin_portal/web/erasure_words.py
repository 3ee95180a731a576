"""Erasures in the reader's words: the domain's closed-set codes through the catalog."""

from __future__ import annotations

from datetime import datetime

from spin_portal.domain.erasure import (
    ERASED_SCOPES,
    ERASURE_REASONS,
    OBJECT_KINDS,
    UNKNOWN_REASON,
)
from spin_portal.web.i18n import _, when_date


def reason_words(reason: object) -> str:
    return _(ERASURE_REASONS.get(str(reason), UNKNOWN_REASON))


def scope_words(scope: object) -> str:
    return _(ERASED_SCOPES.get(str(scope), ERASED_SCOPES["all"]))


def object_words(kind: object) -> str:
    known = OBJECT_KINDS.get(str(kind))
    return _(known) if known else str(kind)


def erased_words(erased_at: datetime | str | None, reason: object) -> str:
    """ "Erased on <date> because <reason>", in place of a dead link."""
    why = reason_words(reason)
    if not erased_at:
        return _("This footage was erased on an unknown date because %(reason)s.", reason=why)
    day = when_date(erased_at)
    return _("This footage was erased on %(day)s because %(reason)s.", day=day, reason=why)
