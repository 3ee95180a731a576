"""The tagging vocabulary for moments (DOMAIN.md section 4).

The six levels of the principles of attuned interaction and guidance (Kennedy, Landor & Todd
2011), each with its observable elements, and the older VHT terms kept as aliases of a level.
A tag is a level key (`receiving_initiatives`), an element key (`receiving_initiatives.
repeating_the_others_words`) or an alias (`taking_turns`); `resolve` turns any of them into
the canonical tag that events carry (aliases become their level).

The names are English msgids of the planner's catalog (`N_`): keys are made from the English,
so they never change with a translation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spincore.i18n import N_

VOCABULARY = "attuned_interaction_2011"


@dataclass(frozen=True)
class Element:
    key: str
    name: str


@dataclass(frozen=True)
class Level:
    number: int
    key: str
    name: str
    elements: tuple[Element, ...]


@dataclass(frozen=True)
class Alias:
    key: str
    name: str
    level: str
    source: str


class UnknownPrincipleError(ValueError):
    """The tag is neither a level, an element nor an alias of the vocabulary."""


def slug(text: str) -> str:
    """`Naming with approval` -> `naming_with_approval` (apostrophes dropped)."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower().replace("'", "")).strip("_")


def _level(number: int, name: str, *elements: str) -> Level:
    return Level(number, slug(name), name, tuple(Element(slug(e), e) for e in elements))


LEVELS: tuple[Level, ...] = (
    _level(
        1,
        N_("Being attentive"),
        N_("looking interested with a friendly posture"),
        N_("giving time and space"),
        N_("turning towards"),
        N_("wondering what the other is doing, thinking or feeling"),
        N_("enjoying watching"),
    ),
    _level(
        2,
        N_("Encouraging initiatives"),
        N_("waiting"),
        N_("listening actively"),
        N_("warmth through intonation"),
        N_("naming positively what you see, think or feel"),
        N_("looking for initiatives"),
    ),
    _level(
        3,
        N_("Receiving initiatives"),
        N_("showing you noticed the initiative"),
        N_("receiving with body language"),
        N_("returning eye contact, smiling, nodding"),
        N_("receiving with words"),
        N_("repeating the other's words"),
    ),
    _level(
        4,
        N_("Developing attuned interactions"),
        N_("receiving and then responding"),
        N_("checking understanding"),
        N_("waiting attentively for your turn"),
        N_("giving and taking short turns"),
        N_("co-operating"),
    ),
    _level(
        5,
        N_("Guiding"),
        N_("scaffolding"),
        N_("extending and building on the other's response"),
        N_("judging and adjusting support"),
        N_("giving information when needed"),
        N_("offering understandable choices"),
    ),
    _level(
        6,
        N_("Deepening discussion"),
        N_("supporting goal-setting"),
        N_("sharing viewpoints"),
        N_("collaborative problem-solving"),
        N_("naming contradictions and conflicts"),
        N_("reaching new shared understandings"),
    ),
)

_VHT = "VHT basic communication / Weiner, Kuppermintz & Guttman 1994"


def _alias(name: str, level: str) -> Alias:
    return Alias(slug(name), name, level, _VHT)


ALIASES: tuple[Alias, ...] = (
    _alias(N_("Naming with approval"), "encouraging_initiatives"),
    _alias(N_("Supporting initiative"), "encouraging_initiatives"),
    _alias(N_("Following with a positive verbal response"), "receiving_initiatives"),
    _alias(N_("Taking turns"), "developing_attuned_interactions"),
    _alias(N_("Sharing pleasant moments"), "being_attentive"),
    _alias(N_("Strengthening the weak link"), "guiding"),
    _alias(N_("Taking the lead"), "guiding"),
    _alias(N_("Framing positively"), "guiding"),
)

_CANONICAL: dict[str, str] = {
    **{level.key: level.key for level in LEVELS},
    **{
        f"{level.key}.{element.key}": f"{level.key}.{element.key}"
        for level in LEVELS
        for element in level.elements
    },
    **{alias.key: alias.level for alias in ALIASES},
}


def resolve(tag: str) -> str:
    """The canonical tag for a level, element or alias; UnknownPrincipleError otherwise."""
    parts = [slug(part) for part in tag.split(".", 1)]
    canonical = _CANONICAL.get(".".join(parts))
    if canonical is None:
        raise UnknownPrincipleError(
            f"{tag!r} is not a principle: use a level (e.g. 'receiving_initiatives'), "
            "an element ('receiving_initiatives.receiving_with_words') or a VHT alias "
            "('taking_turns')"
        )
    return canonical


def level_of(tag: str) -> Level:
    """The level a (resolvable) tag belongs to."""
    level_key = resolve(tag).split(".", 1)[0]
    return next(level for level in LEVELS if level.key == level_key)
