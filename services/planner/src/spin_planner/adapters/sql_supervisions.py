"""Supervision sessions in PostgreSQL, and the footage of a practitioner's cases they review."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from spin_planner.adapters.pages import page_of
from spin_planner.adapters.records import record
from spin_planner.adapters.sql_access import visible_cases
from spin_planner.adapters.sql_parts import CaseParts
from spin_planner.adapters.tables import AGENCIES, CASES, FOOTAGE, PRACTITIONERS, SUPERVISIONS
from spin_planner.domain.records import Practitioner, Supervision
from spin_planner.domain.tenancy import CaseListScope
from spin_planner.service.contact_ports import Coached, SupervisionScope
from spin_planner.service.ports import Fields, Outgoing


class SqlSupervisions(CaseParts[Supervision]):
    def __init__(self, conn: AsyncConnection, topic_prefix: str) -> None:
        super().__init__(conn, topic_prefix, SUPERVISIONS, Supervision, lambda t: t.c.held_at)

    async def coached(self, practitioner_id: str) -> Coached | None:
        row = (
            await self.conn.execute(
                select(PRACTITIONERS, AGENCIES.c.institute_id)
                .join(AGENCIES, AGENCIES.c.id == PRACTITIONERS.c.agency_id)
                .where(PRACTITIONERS.c.id == practitioner_id)
            )
        ).first()
        return None if row is None else Coached(record(Practitioner, row), row.institute_id)

    async def footage_known(
        self,
        practitioner_id: str,
        footage_ids: list[UUID],
        seen_as: CaseListScope | None,
        at: datetime,
    ) -> set[UUID]:
        same_case = and_(
            CASES.c.agency_id == FOOTAGE.c.agency_id, CASES.c.case_code == FOOTAGE.c.case_code
        )
        query = (
            select(FOOTAGE.c.id)
            .join(CASES, same_case)
            .where(FOOTAGE.c.id.in_(footage_ids), CASES.c.practitioner_id == practitioner_id)
        )
        if seen_as is not None:
            query = query.where(*visible_cases(seen_as, at))
        return set(await self.conn.scalars(query))

    async def record(self, fields: Fields, outgoing: Outgoing) -> Supervision:
        stored = {**fields, "footage_ids": [str(f) for f in fields["footage_ids"]]}
        return await self._added(stored, outgoing)

    async def page(
        self, scope: SupervisionScope, limit: int, offset: int
    ) -> tuple[list[Supervision], int]:
        query = select(SUPERVISIONS).order_by(SUPERVISIONS.c.held_at.desc())
        if scope.institute_id is not None:
            query = query.join(AGENCIES, AGENCIES.c.id == SUPERVISIONS.c.agency_id).where(
                AGENCIES.c.institute_id == scope.institute_id
            )
        if scope.agency_id is not None:
            query = query.where(SUPERVISIONS.c.agency_id == scope.agency_id)
        if scope.person_id is not None:
            query = query.where(
                or_(
                    SUPERVISIONS.c.practitioner_id == scope.person_id,
                    SUPERVISIONS.c.supervisor_id == scope.person_id,
                )
            )
        if scope.practitioner_id:
            query = query.where(SUPERVISIONS.c.practitioner_id == scope.practitioner_id)
        return await page_of(Supervision, self.conn, query, limit, offset)
