"""Erased footage is worded from the event's closed-set reason, never a dead link."""

from __future__ import annotations

from datetime import UTC, datetime

from spin_portal.domain.erasure import erased_words


def test_erased_footage_says_when_and_why() -> None:
    at = datetime(2026, 4, 1, 9, 30, tzinfo=UTC)
    assert erased_words(at, "consent_withdrawn") == (
        "This footage was erased on 2026-04-01 because the filming consent was withdrawn."
    )
    assert erased_words("2026-06-30T00:00:00Z", "case_closed").endswith(
        "because the case was closed and its retention period ended."
    )
    assert erased_words(None, "something new") == (
        "This footage was erased on an unknown date because the data rules required it."
    )
