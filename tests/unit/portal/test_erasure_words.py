"""Erased footage is worded from the event's closed-set reason, never a dead link."""

from __future__ import annotations

from datetime import UTC, datetime

from spin_portal.web.erasure_words import erased_words
from spin_portal.web.i18n import use_language


def test_erased_footage_says_when_and_why() -> None:
    use_language("en")
    at = datetime(2026, 4, 1, 9, 30, tzinfo=UTC)
    assert erased_words(at, "consent_withdrawn") == (
        "This footage was erased on Apr 1, 2026 because the filming consent was withdrawn."
    )
    assert erased_words("2026-06-30T00:00:00Z", "case_closed").endswith(
        "because the case was closed and its retention period ended."
    )
    assert erased_words(None, "something new") == (
        "This footage was erased on an unknown date because the data rules required it."
    )


def test_erased_footage_in_dutch() -> None:
    use_language("nl")
    words = erased_words(datetime(2026, 4, 1, tzinfo=UTC), "consent_withdrawn")
    assert "1 apr 2026" in words
    assert "withdrawn" not in words
    use_language("en")
