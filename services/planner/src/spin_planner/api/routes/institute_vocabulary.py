"""An institute's vocabulary settings, for its staff: which vocabulary its people tag with and
its names for tags per language (renames or translations). Other institutes' answer 404."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from spin_planner.api.deps import InstituteManager, PlannerDep
from spin_planner.domain.vocabularies import MAX_NAME, VOCABULARIES
from spin_planner.service import vocabularies as use_cases

router = APIRouter(tags=["vocabulary"])
InstituteId = Annotated[str, Path(max_length=64)]


class TagNameOut(BaseModel):
    language: str
    tag: str
    name: str


class InstituteVocabularyOut(BaseModel):
    institute_id: str
    vocabulary: str
    vocabularies: list[str]
    names: list[TagNameOut]


class VocabularyChoice(BaseModel):
    vocabulary: str = Field(max_length=64, description="one of the built-in vocabularies")


class TagNameIn(BaseModel):
    name: str = Field(max_length=MAX_NAME * 2, description="empty: back to the built-in name")


async def _settings(
    principal: InstituteManager, planner: PlannerDep, institute_id: str
) -> InstituteVocabularyOut:
    async with planner.read(principal) as work:
        await use_cases.own_institute(work, institute_id)
        chosen = await use_cases.institute_vocabulary(work, institute_id)
    return InstituteVocabularyOut(
        institute_id=institute_id,
        vocabulary=chosen.vocabulary,
        vocabularies=list(VOCABULARIES),
        names=[
            TagNameOut(language=lang, tag=tag, name=name)
            for (lang, tag), name in chosen.names.items()
        ],
    )


@router.get("/institutes/{institute_id}/vocabulary", summary="The institute's vocabulary settings")
async def read_settings(
    institute_id: InstituteId, principal: InstituteManager, planner: PlannerDep
) -> InstituteVocabularyOut:
    return await _settings(principal, planner, institute_id)


@router.put("/institutes/{institute_id}/vocabulary", summary="Choose the vocabulary to tag with")
async def choose_vocabulary(
    institute_id: InstituteId,
    choice: VocabularyChoice,
    principal: InstituteManager,
    planner: PlannerDep,
) -> InstituteVocabularyOut:
    async with planner.work(principal) as work:
        await use_cases.choose_vocabulary(work, institute_id, choice.vocabulary)
    return await _settings(principal, planner, institute_id)


@router.put(
    "/institutes/{institute_id}/tag-names/{language}/{tag}",
    summary="Name a tag in a language (rename or translate); an empty name removes it",
)
async def name_tag(
    institute_id: InstituteId,
    language: Annotated[str, Path(max_length=16)],
    tag: Annotated[str, Path(max_length=160)],
    body: TagNameIn,
    principal: InstituteManager,
    planner: PlannerDep,
) -> InstituteVocabularyOut:
    async with planner.work(principal) as work:
        await use_cases.name_tag(work, institute_id, language, tag, body.name)
    return await _settings(principal, planner, institute_id)
