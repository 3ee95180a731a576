"""The portal's words in the reader's language: gettext catalogs (Babel), the language of the
request being served, and Babel's formats for its dates, times, numbers and percentages.

The language lives in a context variable: a middleware sets the browser's choice for every
request, the login dependency replaces it with the person's (or their institute's) once it
knows who reads. Templates, routes and error handlers all translate through it.
"""

from __future__ import annotations

import gettext as gettext_module
from collections.abc import Iterable
from contextvars import ContextVar
from datetime import date, datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_time
from babel.messages.extract import extract
from babel.numbers import format_decimal, format_percent
from jinja2 import Environment
from spincore.i18n import DOMAIN, N_
from spincore.i18n import translations as catalog_translations
from starlette.types import ASGIApp, Receive, Scope, Send

from spin_portal.domain.locale import ENGLISH, direction, resolve
from spin_portal.domain.time_zone import in_zone, resolve_zone, zone_place

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
_language: ContextVar[str] = ContextVar("portal_language", default=ENGLISH)
# The reader's clock: their institute's zone once the login dependency knows them.
_time_zone: ContextVar[ZoneInfo] = ContextVar(
    "portal_time_zone",
    default=ZoneInfo("UTC"),  # noqa: B039 - a ZoneInfo is immutable (and cached per key)
)


@cache
def translations(language: str) -> gettext_module.NullTranslations:
    """The language's catalog, falling back to English (logged once per missing message)."""
    return catalog_translations(LOCALE_DIR, language)


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
__all__ = ["DOMAIN", "N_", "gettext", "ngettext", "translations"]


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
    """The reader's zone as the page names it after a time, in the page's language (Babel:
    "Israel Time", "tijd in Israël", "UTC"); scripts read the IANA id (`zone_id`)."""
    return zone_place(_time_zone.get().key, _language.get())


def zone_id() -> str:
    """The reader's zone's IANA id ("Asia/Jerusalem"), for data attributes only."""
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
        zone_id=zone_id,
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
