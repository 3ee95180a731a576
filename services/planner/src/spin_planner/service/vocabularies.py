"""Use cases of an institute's vocabulary: its staff choose the vocabulary its people tag with
and name tags per language; everyone reads the vocabulary in their institute's names.

No event is written: these are the institute's display settings, and moments (whose events
carry canonical tag ids only) are untouched by them.
"""

from __future__ import annotations

from dataclasses import dataclass

from spin_contracts.claims import Role
from spincore.i18n import N_
from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert

from spin_planner.adapters.tables import INSTITUTES
from spin_planner.adapters.vocabulary_tables import INSTITUTE_TAG_NAMES, INSTITUTE_VOCABULARIES
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
    found = await work.conn.scalar(select(INSTITUTES.c.id).where(INSTITUTES.c.id == institute_id))
    if found is None:
        raise NotFound(N_("no such institute %(id)r"), id=institute_id)
    return institute_id


async def institute_vocabulary(work: Work, institute_id: str) -> InstituteVocabulary:
    """The vocabulary an institute tags with (the default where it chose none) and its names."""
    chosen = await work.conn.scalar(
        select(INSTITUTE_VOCABULARIES.c.vocabulary).where(
            INSTITUTE_VOCABULARIES.c.institute_id == institute_id
        )
    )
    rows = await work.conn.execute(
        select(
            INSTITUTE_TAG_NAMES.c.language, INSTITUTE_TAG_NAMES.c.tag, INSTITUTE_TAG_NAMES.c.name
        )
        .where(INSTITUTE_TAG_NAMES.c.institute_id == institute_id)
        .order_by(INSTITUTE_TAG_NAMES.c.language, INSTITUTE_TAG_NAMES.c.tag)
    )
    names = {(row.language, row.tag): row.name for row in rows}
    return InstituteVocabulary(chosen or DEFAULT_VOCABULARY, names)


async def choose_vocabulary(work: Work, institute_id: str, vocabulary: str) -> None:
    await own_institute(work, institute_id)
    chosen = {"institute_id": institute_id, "vocabulary": chosen_vocabulary(vocabulary)}
    await work.conn.execute(
        pg_insert(INSTITUTE_VOCABULARIES)
        .values(chosen)
        .on_conflict_do_update(
            index_elements=["institute_id"], set_={**chosen, "updated_at": work.now}
        )
    )


async def name_tag(work: Work, institute_id: str, language: str, tag: str, name: str) -> None:
    """The institute's name for a tag in a language; an empty name goes back to the built-in."""
    await own_institute(work, institute_id)
    key = {
        "institute_id": institute_id,
        "language": language_code(language),
        "tag": nameable_tag(tag).key,
    }
    name = " ".join(name.split())
    if len(name) > MAX_NAME:
        raise InvalidInput(
            N_("a tag's name has at most %(max)s characters"), field="name", max=MAX_NAME
        )
    if not name:
        await work.conn.execute(
            delete(INSTITUTE_TAG_NAMES).where(
                *(INSTITUTE_TAG_NAMES.c[column] == value for column, value in key.items())
            )
        )
        return
    await work.conn.execute(
        pg_insert(INSTITUTE_TAG_NAMES)
        .values(**key, name=name)
        .on_conflict_do_update(
            index_elements=list(key), set_={"name": name, "updated_at": work.now}
        )
    )
