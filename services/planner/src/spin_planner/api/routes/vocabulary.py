"""The tagging vocabulary for moments, for screens that offer the tags."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from spin_planner.api.deps import Reader
from spin_planner.domain import vocabulary

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


class VocabularyOut(BaseModel):
    name: str
    levels: list[LevelOut]
    aliases: list[AliasOut]


@router.get("/vocabulary", summary="Principle levels, elements and VHT aliases")
async def read_vocabulary(_principal: Reader) -> VocabularyOut:
    return VocabularyOut(
        name=vocabulary.VOCABULARY,
        levels=[
            LevelOut(
                number=level.number,
                tag=level.key,
                name=level.name,
                elements=[
                    ElementOut(tag=f"{level.key}.{e.key}", name=e.name) for e in level.elements
                ],
            )
            for level in vocabulary.LEVELS
        ],
        aliases=[
            AliasOut(tag=a.key, name=a.name, level=a.level, source=a.source)
            for a in vocabulary.ALIASES
        ],
    )
