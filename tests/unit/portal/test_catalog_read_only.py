"""A read-only install (the portal's image) without compiled catalogs still speaks Dutch:
the catalog is compiled in memory instead of falling back to English."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from spin_portal.web import i18n


@pytest.fixture
def read_only_locale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    source = i18n.LOCALE_DIR / "nl" / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"
    folder = tmp_path / "locale" / "nl" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    shutil.copy(source, folder)

    def read_only(path: Path, data: bytes) -> int:  # what root cannot be made to see by chmod
        raise PermissionError(13, "Read-only file system", str(path))

    monkeypatch.setattr(Path, "write_bytes", read_only)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path / "locale")
    i18n.translations.cache_clear()
    yield folder
    i18n.translations.cache_clear()


def test_a_catalog_that_cannot_be_written_is_compiled_in_memory(read_only_locale: Path) -> None:
    assert i18n.translations("nl").gettext("Log in") != "Log in"
    assert not (read_only_locale / f"{i18n.DOMAIN}.mo").exists()
