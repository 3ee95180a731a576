"""The shared translator: the best offered language of an Accept-Language header, English
for anything else, and English (logged once) where a catalog lacks a message."""

from __future__ import annotations

from pathlib import Path

import pytest
from spincore.i18n import Catalogs, negotiate


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("nl-BE,nl;q=0.9,en;q=0.8", "nl"),
        ("fr, he;q=0.5", "he"),
        ("HE-il", "he"),
        ("fr-FR", "en"),
        ("", "en"),
        (None, "en"),
        ("nl;q=0, en", "en"),
        ("*;q=x,;;,", "en"),
    ],
)
def test_the_best_offered_language_else_english(header: str | None, language: str) -> None:
    assert negotiate(header) == language


def test_a_missing_catalog_shows_english_and_logs_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    catalogs = Catalogs(tmp_path / "locale")
    for _ in range(2):
        sentence = catalogs.sentence("no such case %(code)s", "nl", {"code": "C-1"})
        assert sentence == "no such case C-1"
    assert sum("translation_missing" in r.getMessage() for r in caplog.records) == 1
