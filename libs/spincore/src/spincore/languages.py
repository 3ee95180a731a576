"""Languages as short codes ("en", "nl", "he"): the code of a tag and the languages an
Accept-Language header asks for, most wanted first. Pure: no I/O, no Babel; a region ("nl-BE")
counts as its language, anything that is not a tag is ignored, never an error."""

from __future__ import annotations

import re

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
