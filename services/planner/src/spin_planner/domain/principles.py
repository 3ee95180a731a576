"""Principle tags of moments and plans, checked against the shared vocabulary."""

from __future__ import annotations

from collections.abc import Iterable

from spin_planner.domain.errors import InvalidInput
from spin_planner.domain.vocabulary import UnknownPrincipleError, resolve


def canonical_tags(tags: Iterable[str], *, field: str) -> list[str]:
    """Resolve levels, elements and aliases to canonical tags, keeping order, once each."""
    canonical: list[str] = []
    for tag in tags:
        try:
            resolved = resolve(tag)
        except UnknownPrincipleError as error:
            raise InvalidInput(str(error), field=field) from error
        if resolved not in canonical:
            canonical.append(resolved)
    return canonical
