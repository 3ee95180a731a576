"""The vocabularies an institute may tag with, and the names it gives to tags (issue 20).

Two built-in vocabularies offer their own primary tags: the principles of attuned interaction
(levels and elements) and the older VHT basic-communication terms, which are also the
evaluation's categories (DOMAIN.md section 4), each mapped to its level. Whichever an institute
tags with, a moment stores the canonical tag id `vocabulary.resolve` gives, so switching
vocabularies or renaming tags never touches stored moments. Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from spincore.i18n import N_

from spin_planner.domain import vocabulary
from spin_planner.domain.errors import InvalidInput

ATTUNED = vocabulary.VOCABULARY
VHT = "vht_basic_communication_1994"
DEFAULT_VOCABULARY = ATTUNED
ENGLISH = "en"
MAX_NAME = 120
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
# (language, tag key) -> the institute's name for it.
InstituteNames = Mapping[tuple[str, str], str]


@dataclass(frozen=True)
class Tag:
    """A tag a vocabulary offers: its key (what the picker sends), its built-in English name
    and the canonical id a moment tagged with it stores."""

    key: str
    name: str
    canonical: str
    level: int


def _attuned_tags() -> tuple[Tag, ...]:
    tags: list[Tag] = []
    for level in vocabulary.LEVELS:
        tags.append(Tag(level.key, level.name, level.key, level.number))
        for element in level.elements:
            key = f"{level.key}.{element.key}"
            tags.append(Tag(key, element.name, key, level.number))
    return tuple(tags)


def _vht_tags() -> tuple[Tag, ...]:
    return tuple(
        Tag(alias.key, alias.name, alias.level, vocabulary.level_of(alias.level).number)
        for alias in vocabulary.ALIASES
    )


VOCABULARIES: dict[str, tuple[Tag, ...]] = {ATTUNED: _attuned_tags(), VHT: _vht_tags()}
# Every key an institute may name: the tags of every vocabulary.
NAMEABLE: dict[str, Tag] = {tag.key: tag for tags in VOCABULARIES.values() for tag in tags}
# The built-in translation of an English name (the planner's catalog for one language).
Translate = Callable[[str], str]


def _english(name: str) -> str:
    return name


def chosen_vocabulary(key: str) -> str:
    """The vocabulary's key, or InvalidInput naming the ones there are."""
    if key not in VOCABULARIES:
        raise InvalidInput(
            N_("%(key)r is not a vocabulary: use one of %(known)s"),
            field="vocabulary",
            key=key[:64],
            known=", ".join(VOCABULARIES),
        )
    return key


def nameable_tag(key: str) -> Tag:
    """The tag an institute names, or InvalidInput (a typo must not become a dead name)."""
    tag = NAMEABLE.get(key)
    if tag is None:
        raise InvalidInput(
            N_(
                "%(key)r is not a tag of any vocabulary: use a level "
                "('receiving_initiatives'), an element "
                "('receiving_initiatives.receiving_with_words') or a VHT term ('taking_turns')"
            ),
            field="tag",
            key=key[:80],
        )
    return tag


def language_code(language: str) -> str:
    """A short language code ("nl-BE" -> "nl"), or InvalidInput."""
    code = language.strip().split("-")[0].split("_")[0].lower()
    if not _LANGUAGE.match(code):
        raise InvalidInput(
            N_("%(language)r is not a language code (e.g. en, nl, he)"),
            field="language",
            language=language[:16],
        )
    return code


def tag_name(
    key: str, language: str, names: InstituteNames, translate: Translate = _english
) -> str:
    """The institute's name for the tag in the language > the built-in translation (English
    where the catalog has none)."""
    own = names.get((language, key))
    return own or translate(NAMEABLE[key].name)


def canonical_names(
    language: str, names: InstituteNames, translate: Translate = _english
) -> dict[str, str]:
    """The current name of every canonical id, for screens showing existing moments (a VHT term
    stores its level, so the moment shows the level's name)."""
    return {tag.key: tag_name(tag.key, language, names, translate) for tag in VOCABULARIES[ATTUNED]}
