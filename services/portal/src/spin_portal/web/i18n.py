"""The portal's words in the reader's language: gettext catalogs (Babel), the language of the
request being served, and Babel's formats for its dates, times, numbers and percentages.

The language lives in a context variable: a middleware sets the browser's choice for every
request, the login dependency replaces it with the person's (or their institute's) once it
knows who reads. Templates, routes and error handlers all translate through it.
"""

from __future__ import annotations

import contextlib
import gettext as gettext_module
import io
from collections.abc import Iterable
from contextvars import ContextVar
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import BinaryIO
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_time
from babel.messages.extract import extract
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent
from babel.support import NullTranslations, Translations
from jinja2 import Environment
from spincore.logging import get_logger
from starlette.types import ASGIApp, Receive, Scope, Send

from spin_portal.domain.locale import ENGLISH, direction, resolve
from spin_portal.domain.time_zone import in_zone, resolve_zone

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "messages"
log = get_logger(__name__)
_language: ContextVar[str] = ContextVar("portal_language", default=ENGLISH)
# The reader's clock: their institute's zone once the login dependency knows them.
_time_zone: ContextVar[ZoneInfo] = ContextVar(
    "portal_time_zone",
    default=ZoneInfo("UTC"),  # noqa: B039 - a ZoneInfo is immutable (and cached per key)
)


class _MissingLogged(NullTranslations):
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


def _compiled_catalog(language: str) -> BinaryIO | None:
    """The compiled catalog; compiled here from the .po when `make install` has not (yet),
    kept in memory where the install is read-only (an image)."""
    folder = LOCALE_DIR / language / "LC_MESSAGES"
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
def translations(language: str) -> gettext_module.NullTranslations:
    """The language's catalog, falling back to English (logged once per missing message)."""
    fallback = _MissingLogged(language)
    compiled = _compiled_catalog(language) if language != ENGLISH else None
    if compiled is None:
        return fallback
    with compiled:
        found = Translations(compiled, domain=DOMAIN)
    found.add_fallback(fallback)
    return found


def current_language() -> str:
    return _language.get()


def use_language(language: str) -> None:
    _language.set(language)


def current_time_zone() -> ZoneInfo:
    return _time_zone.get()


def use_time_zone(zone: ZoneInfo) -> None:
    _time_zone.set(zone)


def _translated(message: str) -> str:
    return translations(_language.get()).gettext(message)


def _translated_plural(singular: str, plural: str, n: int) -> str:
    return translations(_language.get()).ngettext(singular, plural, n)


def gettext(message: str, **values: object) -> str:
    """The message in the current language, `%(name)s` placeholders filled from `values`."""
    text = _translated(message)
    return text % values if values else text


def ngettext(singular: str, plural: str, n: int, **values: object) -> str:
    return _translated_plural(singular, plural, n) % {"num": n, **values}


_ = gettext


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "translated later"
    """Marks a message for extraction; it is translated where it is shown."""
    return message


def _locale() -> Locale:
    return Locale.parse(_language.get())


def when_date(value: date | str | None) -> str:
    if not value:
        return ""
    day = date.fromisoformat(value[:10]) if isinstance(value, str) else value
    return format_date(day, "medium", locale=_locale())


def when(value: datetime | str | None) -> str:
    """A moment as the locale writes it, on the reader's institute's clock."""
    if not value:
        return ""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    local = in_zone(moment, _time_zone.get())
    day = format_date(local, "medium", locale=_locale())
    return f"{day} {format_time(local, 'short', tzinfo=local.tzinfo, locale=_locale())}"


def clock(value: datetime) -> str:
    local = in_zone(value, _time_zone.get())
    return format_time(local, "short", tzinfo=local.tzinfo, locale=_locale())


def zone_label() -> str:
    """The reader's zone as the page names it after a time ("Asia/Jerusalem", "UTC")."""
    return _time_zone.get().key


def number(value: float | int | None, digits: int = 0) -> str:
    if value is None:
        return ""
    return format_decimal(
        value, format=f"#,##0.{'0' * digits}" if digits else None, locale=_locale()
    )


def percent(value: float | None) -> str:
    return "" if value is None else format_percent(value, locale=_locale())


SCRIPTS = Path(__file__).resolve().parent.parent / "static" / "js"
SCRIPT_KEYWORDS = {"tr": None, "trn": (1, 2)}


@cache
def script_messages() -> tuple[str | tuple[str, str], ...]:
    """The messages the page scripts show (tr/trn calls), as extraction finds them."""
    found: list[str | tuple[str, str]] = []
    for path in sorted(SCRIPTS.glob("*.js")):
        with path.open("rb") as source:
            for _line, message, _comments, _context in extract(
                "javascript", source, keywords=SCRIPT_KEYWORDS
            ):
                found.append(message if isinstance(message, str) else (message[0], message[1]))
    return tuple(dict.fromkeys(found))


def script_words() -> dict[str, str | list[str]]:
    """The scripts' messages in the current language (nothing for English: scripts have it)."""
    language = _language.get()
    if language == ENGLISH:
        return {}
    words: dict[str, str | list[str]] = {}
    catalog = translations(language)
    for message in script_messages():
        if isinstance(message, str):
            words[message] = catalog.gettext(message)
        else:
            singular, plural = message
            forms = [catalog.ngettext(singular, plural, n) for n in (1, 2)]
            words[f"{singular}\u0004{plural}"] = forms
    return words


def back_arrow() -> str:
    """ "Back" points to where the reader's lines begin."""
    return "→" if direction(_language.get()) == "rtl" else "←"


def install(env: Environment) -> None:
    """Jinja2's i18n extension over this module's per-request gettext, and the format filters."""
    env.add_extension("jinja2.ext.i18n")
    # Jinja's new style fills `%(name)s` itself (escaping the values), so it gets the bare lookups.
    env.install_gettext_callables(  # type: ignore[attr-defined]
        _translated, _translated_plural, newstyle=True
    )
    env.filters.update(date=when_date, datetime=when, number=number, percent=percent, clock=clock)
    env.globals.update(
        current_language=current_language,
        text_direction=direction,
        script_words=script_words,
        back_arrow=back_arrow,
        zone_label=zone_label,
    )
    env.policies["ext.i18n.trimmed"] = True


def browser_languages(scope: Scope) -> str:
    headers: dict[bytes, bytes] = dict(scope["headers"])
    return headers.get(b"accept-language", b"").decode("latin-1")[:500]


class LanguageMiddleware:
    """Sets the browser's language (Accept-Language) for each request, before anyone logs in."""

    def __init__(
        self, app: ASGIApp, offered: Iterable[str], default: str | None, time_zone: str = "UTC"
    ) -> None:
        self.app = app
        self.offered = tuple(offered)
        self.default = default
        self.time_zone = resolve_zone(fallback=time_zone)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            header = browser_languages(scope)
            use_language(resolve(self.offered, browser=header, fallback=self.default))
            use_time_zone(self.time_zone)
        await self.app(scope, receive, send)
