"""Principle tags of moments and plans, checked against the shared vocabulary."""

from __future__ import annotations

from collections.abc import Iterable

from spincore.i18n import N_

from spin_planner.domain.errors import InvalidInput
from spin_planner.domain.vocabulary import UnknownPrincipleError, resolve

NOT_A_PRINCIPLE = N_(
    "%(tag)r is not a principle: use a level (e.g. 'receiving_initiatives'), "
    "an element ('receiving_initiatives.receiving_with_words') or a VHT alias "
    "('taking_turns')"
)


def canonical_tags(tags: Iterable[str], *, field: str) -> list[str]:
    """Resolve levels, elements and aliases to canonical tags, keeping order, once each."""
    canonical: list[str] = []
    for tag in tags:
        try:
            resolved = resolve(tag)
        except UnknownPrincipleError as error:
            raise InvalidInput(NOT_A_PRINCIPLE, field=field, tag=tag) from error
        if resolved not in canonical:
            canonical.append(resolved)
    return canonical
