"""Coaching comments in PostgreSQL."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from spin_planner.adapters.coaching_tables import COACHING_COMMENTS
from spin_planner.adapters.sql_access import visible_cases
from spin_planner.adapters.sql_parts import CaseParts
from spin_planner.adapters.tables import CASES
from spin_planner.domain.records import Comment
from spin_planner.domain.tenancy import CaseListScope
from spin_planner.service.ports import Fields, Outgoing

C = COACHING_COMMENTS


class SqlCoaching(CaseParts[Comment]):
    def __init__(self, conn: AsyncConnection, topic_prefix: str) -> None:
        super().__init__(conn, topic_prefix, C, Comment, lambda t: t.c.created_at)

    async def comment(self, footage_id: UUID, comment_id: UUID) -> Comment | None:
        query = select(C).where(C.c.id == comment_id, C.c.footage_id == footage_id)
        row = (await self.conn.execute(query)).first()
        return None if row is None else self.of(row)

    async def post(self, fields: Fields, outgoing: Outgoing) -> Comment:
        return await self._added(fields, outgoing)

    async def thread(
        self, footage_id: UUID, practitioner_id: str, supervisor_id: str
    ) -> list[Comment]:
        query = (
            select(C)
            .where(
                C.c.footage_id == footage_id,
                C.c.practitioner_id == practitioner_id,
                C.c.supervisor_id == supervisor_id,
            )
            .order_by(C.c.at_s, C.c.created_at)
        )
        return [self.of(row) for row in await self.conn.execute(query)]

    async def newest(
        self, person_id: str, as_supervisor: bool, seen_as: CaseListScope, at: datetime, limit: int
    ) -> list[Comment]:
        mine = C.c.practitioner_id == person_id
        if as_supervisor:
            mine = or_(mine, C.c.supervisor_id == person_id)
        query = (
            select(C)
            .join(CASES, CASES.c.id == C.c.case_id)
            .where(mine, *visible_cases(seen_as, at))
            .order_by(C.c.created_at.desc())
            .limit(limit)
        )
        return [self.of(row) for row in await self.conn.execute(query)]
