"""A service's refusals in the reader's language: gettext catalogs in the service's package
(`locale/<lang>/LC_MESSAGES/messages.po`), the best of its languages for an Accept-Language
header, and English where a catalog lacks a message (logged once per message, never raised).

Messages are `%(name)s` templates marked with `N_`; the English sentence is the msgid, so a
refusal's `message` reads the same in logs, the CLI and tests.
"""

from __future__ import annotations

import contextlib
import gettext as gettext_module
import io
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import BinaryIO

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from spincore.languages import accepted
from spincore.logging import get_logger

ENGLISH = "en"
# The languages every service speaks; adding one is a catalog per service and a code here.
LANGUAGES: tuple[str, ...] = ("en", "nl", "he")
DOMAIN = "messages"
log = get_logger(__name__)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "translated later"
    """Marks a message for extraction; it is translated where it is answered."""
    return message


class MissingLogged(NullTranslations):
    """The last fallback: the English text, and one log line per message a catalog lacks."""

    def __init__(self, language: str) -> None:
        super().__init__()
        self.language = language
        self.missing: set[str] = set()

    def _note(self, message: str) -> None:
        if self.language != ENGLISH and message not in self.missing:
            self.missing.add(message)
            log.warning("translation_missing", language=self.language, msgid=message[:80])

    def gettext(self, message: str) -> str:
        self._note(message)
        return message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        self._note(msgid1)
        return msgid1 if n == 1 else msgid2


def compiled_catalog(locale_dir: Path, language: str) -> BinaryIO | None:
    """The compiled catalog; compiled here from the .po when `make catalogs` has not (yet),
    kept in memory where the install is read-only (an image)."""
    folder = locale_dir / language / "LC_MESSAGES"
    po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    if not po.exists():
        return mo.open("rb") if mo.exists() else None
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        return mo.open("rb")
    with po.open("rb") as source:
        catalog = read_po(source, locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    with contextlib.suppress(OSError):  # read-only: the copy in memory serves
        mo.write_bytes(compiled.getvalue())
    compiled.seek(0)
    return compiled


@cache
def translations(locale_dir: Path, language: str) -> gettext_module.NullTranslations:
    """The language's catalog in `locale_dir`, falling back to English (logged once per
    missing message)."""
    fallback = MissingLogged(language)
    compiled = compiled_catalog(locale_dir, language) if language != ENGLISH else None
    if compiled is None:
        return fallback
    with compiled:
        found = Translations(compiled, domain=DOMAIN)
    found.add_fallback(fallback)
    return found


def negotiate(header: str | None, offered: Sequence[str] = LANGUAGES) -> str:
    """The best offered language for an Accept-Language header; English when none fits."""
    return next((code for code in accepted(header) if code in offered), ENGLISH)


class Catalogs:
    """One service's catalogs: the sentence of a template in the reader's language."""

    def __init__(self, locale_dir: Path, offered: Sequence[str] = LANGUAGES) -> None:
        self.locale_dir = locale_dir
        self.offered = tuple(offered)

    def language(self, header: str | None) -> str:
        return negotiate(header, self.offered)

    def sentence(self, template: str, language: str, values: Mapping[str, object]) -> str:
        text = translations(self.locale_dir, language).gettext(template)
        return text % values if values else text
