"""The tagging vocabulary for moments, for screens that offer the tags: in the caller's
institute's vocabulary and names, in the language asked for (`language`, else
Accept-Language, else English)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query
from pydantic import BaseModel
from spincore.i18n import translations

from spin_planner.api.deps import PlannerDep, Reader
from spin_planner.api.errors import CATALOGS
from spin_planner.domain import vocabulary
from spin_planner.domain.errors import InvalidInput
from spin_planner.domain.vocabularies import (
    ENGLISH,
    VOCABULARIES,
    InstituteNames,
    Translate,
    canonical_names,
    language_code,
    tag_name,
)
from spin_planner.service.vocabularies import institute_vocabulary

router = APIRouter(tags=["vocabulary"])


class ElementOut(BaseModel):
    tag: str
    name: str


class LevelOut(BaseModel):
    number: int
    tag: str
    name: str
    elements: list[ElementOut]


class AliasOut(BaseModel):
    tag: str
    name: str
    level: str
    source: str


class TagOut(BaseModel):
    tag: str
    name: str
    canonical: str
    level: int


class VocabularyOut(BaseModel):
    name: str
    levels: list[LevelOut]
    aliases: list[AliasOut]
    vocabulary: str
    language: str
    tags: list[TagOut]
    names: dict[str, str]


def asked_language(language: str | None, accept_language: str | None) -> str:
    """The `language` parameter (checked), else the header's first language, else English."""
    if language:
        return language_code(language)
    first = (accept_language or "").split(",")[0].split(";")[0].strip()
    try:
        return language_code(first) if first and first != "*" else ENGLISH
    except InvalidInput:  # a browser's odd header is no error: English
        return ENGLISH


def built_in(language: str) -> Translate:
    """The planner's catalog for the language: the built-in names (English where none)."""
    if language not in CATALOGS.offered:
        return str
    return translations(CATALOGS.locale_dir, language).gettext


def _levels(language: str, names: InstituteNames, translate: Translate) -> list[LevelOut]:
    return [
        LevelOut(
            number=level.number,
            tag=level.key,
            name=tag_name(level.key, language, names, translate),
            elements=[
                ElementOut(tag=key, name=tag_name(key, language, names, translate))
                for key in (f"{level.key}.{e.key}" for e in level.elements)
            ],
        )
        for level in vocabulary.LEVELS
    ]


@router.get("/vocabulary", summary="The institute's tags, levels, elements and VHT aliases")
async def read_vocabulary(
    principal: Reader,
    planner: PlannerDep,
    language: Annotated[str | None, Query(max_length=16)] = None,
    accept_language: Annotated[str | None, Header(max_length=500)] = None,
) -> VocabularyOut:
    asked = asked_language(language, accept_language)
    async with planner.read(principal) as work:
        chosen = await institute_vocabulary(work, principal.institute_id)
    names, translate = chosen.names, built_in(asked)

    def name(key: str) -> str:
        return tag_name(key, asked, names, translate)

    return VocabularyOut(
        name=vocabulary.VOCABULARY,
        levels=_levels(asked, names, translate),
        aliases=[
            AliasOut(tag=a.key, name=name(a.key), level=a.level, source=a.source)
            for a in vocabulary.ALIASES
        ],
        vocabulary=chosen.vocabulary,
        language=asked,
        tags=[
            TagOut(tag=t.key, name=name(t.key), canonical=t.canonical, level=t.level)
            for t in VOCABULARIES[chosen.vocabulary]
        ],
        names=canonical_names(asked, names, translate),
    )
