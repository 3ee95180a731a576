"""Which language a page speaks: the person's own choice, else their institute's default, else
what the browser asks for (before login, or where neither is set), else English.
Pure: no I/O, no Babel.

Languages are written as short codes ("en", "nl", "he"); a region ("nl-BE") counts as its
language. Anything not offered falls through to the next choice, never to an error.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spincore.languages import accepted, language_of

ENGLISH = "en"
# Scripts written right to left, by language code.
RIGHT_TO_LEFT = frozenset({"he", "ar", "fa", "ur", "yi"})


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
