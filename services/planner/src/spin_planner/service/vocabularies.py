"""Use cases of an institute's vocabulary: its staff choose the vocabulary its people tag with
and name tags per language; everyone reads the vocabulary in their institute's names.

No event is written: these are the institute's display settings, and moments (whose events
carry canonical tag ids only) are untouched by them.
"""

from __future__ import annotations

from dataclasses import dataclass

from spin_contracts.claims import Role
from spincore.i18n import N_

from spin_planner.domain.errors import InvalidInput, NotFound
from spin_planner.domain.vocabularies import (
    DEFAULT_VOCABULARY,
    MAX_NAME,
    InstituteNames,
    chosen_vocabulary,
    language_code,
    nameable_tag,
)
from spin_planner.service.work import Work


@dataclass(frozen=True)
class InstituteVocabulary:
    vocabulary: str
    names: InstituteNames


async def own_institute(work: Work, institute_id: str) -> str:
    """The institute, if it is the caller's (another institute's answers 404, DOMAIN.md 6)."""
    principal = work.principal
    if principal.role is not Role.SERVICE and principal.institute_id != institute_id:
        raise NotFound(N_("no such institute %(id)r"), id=institute_id)
    if not await work.vocabularies.institute_exists(institute_id):
        raise NotFound(N_("no such institute %(id)r"), id=institute_id)
    return institute_id


async def institute_vocabulary(work: Work, institute_id: str) -> InstituteVocabulary:
    """The vocabulary an institute tags with (the default where it chose none) and its names."""
    chosen = await work.vocabularies.chosen(institute_id)
    names = await work.vocabularies.names(institute_id)
    return InstituteVocabulary(chosen or DEFAULT_VOCABULARY, names)


async def choose_vocabulary(work: Work, institute_id: str, vocabulary: str) -> None:
    await own_institute(work, institute_id)
    await work.vocabularies.choose(institute_id, chosen_vocabulary(vocabulary), work.now)


async def name_tag(work: Work, institute_id: str, language: str, tag: str, name: str) -> None:
    """The institute's name for a tag in a language; an empty name goes back to the built-in."""
    await own_institute(work, institute_id)
    language, tag = language_code(language), nameable_tag(tag).key
    name = " ".join(name.split())
    if len(name) > MAX_NAME:
        raise InvalidInput(
            N_("a tag's name has at most %(max)s characters"), field="name", max=MAX_NAME
        )
    if not name:
        await work.vocabularies.unname_tag(institute_id, language, tag)
        return
    await work.vocabularies.name_tag(institute_id, language, tag, name, work.now)
