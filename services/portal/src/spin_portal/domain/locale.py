"""Which language a page speaks: the person's own choice, else their institute's default, else
what the browser asks for (before login, or where neither is set), else English.
Pure: no I/O, no Babel.

Languages are written as short codes ("en", "nl", "he"); a region ("nl-BE") counts as its
language. Anything not offered falls through to the next choice, never to an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

ENGLISH = "en"
# Scripts written right to left, by language code.
RIGHT_TO_LEFT = frozenset({"he", "ar", "fa", "ur", "yi"})
_TAG = re.compile(r"^[A-Za-z]{1,8}(?:[-_][A-Za-z0-9]{1,8})*$")


def language_of(tag: str | None) -> str | None:
    """The language code of a tag ("nl-BE" -> "nl"), or None for anything that is not one."""
    if not tag:
        return None
    tag = tag.strip()
    if not _TAG.match(tag) or tag == "*":
        return None
    return re.split(r"[-_]", tag)[0].lower()


def accepted(header: str | None) -> list[str]:
    """The languages of an Accept-Language header, most wanted first (q=0 means not wanted)."""
    weighted: list[tuple[float, int, str]] = []
    for position, part in enumerate((header or "").split(",")[:32]):
        tag, _, params = part.partition(";")
        language = language_of(tag)
        if language is None:
            continue
        weight = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if weight > 0:
            weighted.append((-weight, position, language))
    return [language for _, _, language in sorted(weighted)]


def resolve(
    offered: Sequence[str],
    *,
    own: str | None = None,
    institute: str | None = None,
    browser: str | None = None,
    fallback: str | None = None,
) -> str:
    """The first offered language of: own choice, institute default, the browser's wishes, the
    fallback (the deployment's default), English."""
    candidates: Iterable[str | None] = (
        language_of(own),
        language_of(institute),
        *accepted(browser),
        language_of(fallback),
    )
    for language in candidates:
        if language is not None and language in offered:
            return language
    return ENGLISH if ENGLISH in offered or not offered else offered[0]


def direction(language: str) -> str:
    """ "rtl" for languages written right to left, else "ltr" (the HTML `dir` attribute)."""
    return "rtl" if language in RIGHT_TO_LEFT else "ltr"
