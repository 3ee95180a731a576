"""An institute's vocabulary and its names for tags, in PostgreSQL."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from spin_planner.adapters.tables import INSTITUTES
from spin_planner.adapters.vocabulary_tables import INSTITUTE_TAG_NAMES, INSTITUTE_VOCABULARIES

NAMES = INSTITUTE_TAG_NAMES


class SqlVocabularies:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def institute_exists(self, institute_id: str) -> bool:
        query = select(INSTITUTES.c.id).where(INSTITUTES.c.id == institute_id)
        return await self.conn.scalar(query) is not None

    async def chosen(self, institute_id: str) -> str | None:
        chosen: str | None = await self.conn.scalar(
            select(INSTITUTE_VOCABULARIES.c.vocabulary).where(
                INSTITUTE_VOCABULARIES.c.institute_id == institute_id
            )
        )
        return chosen

    async def names(self, institute_id: str) -> dict[tuple[str, str], str]:
        rows = await self.conn.execute(
            select(NAMES.c.language, NAMES.c.tag, NAMES.c.name)
            .where(NAMES.c.institute_id == institute_id)
            .order_by(NAMES.c.language, NAMES.c.tag)
        )
        return {(row.language, row.tag): row.name for row in rows}

    async def choose(self, institute_id: str, vocabulary: str, at: datetime) -> None:
        chosen = {"institute_id": institute_id, "vocabulary": vocabulary}
        await self.conn.execute(
            pg_insert(INSTITUTE_VOCABULARIES)
            .values(chosen)
            .on_conflict_do_update(
                index_elements=["institute_id"], set_={**chosen, "updated_at": at}
            )
        )

    async def name_tag(
        self, institute_id: str, language: str, tag: str, name: str, at: datetime
    ) -> None:
        key = {"institute_id": institute_id, "language": language, "tag": tag}
        await self.conn.execute(
            pg_insert(NAMES)
            .values(**key, name=name)
            .on_conflict_do_update(index_elements=list(key), set_={"name": name, "updated_at": at})
        )

    async def unname_tag(self, institute_id: str, language: str, tag: str) -> None:
        key = {"institute_id": institute_id, "language": language, "tag": tag}
        await self.conn.execute(
            delete(NAMES).where(*(NAMES.c[column] == value for column, value in key.items()))
        )
