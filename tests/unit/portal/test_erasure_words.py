"""Erased footage is worded from the event's closed-set reason, never a dead link."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

from spin_portal.web.case_timeline import erasure_entries
from spin_portal.web.erasure_words import erased_words, reason_words, scope_words
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


def test_the_case_timeline_words_an_erasures_stored_codes() -> None:
    use_language("en")
    at = datetime(2026, 4, 1, tzinfo=UTC)
    erasure = SimpleNamespace(erased_at=at, scope="all", reason="case_closed", objects=[{}, {}])
    [(when, what, detail, link)] = erasure_entries([erasure], "/cases/C-1/erasure-record")  # type: ignore[list-item]
    assert (when, link) == (at, "/cases/C-1/erasure-record")
    assert what == scope_words("all")
    assert detail == f"2 objects removed because {reason_words('case_closed')}"
