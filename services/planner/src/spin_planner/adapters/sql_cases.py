"""Cases and the practitioners they are given to, in PostgreSQL."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Select, and_, bindparam, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from spin_planner.adapters.pages import page
from spin_planner.adapters.records import record
from spin_planner.adapters.revisions import revised
from spin_planner.adapters.sql_access import supervised_by, supervision_allowed, visible_cases
from spin_planner.adapters.tables import AGENCIES, CASES, PRACTITIONERS
from spin_planner.domain.cycle_records import Case
from spin_planner.domain.records import Practitioner
from spin_planner.domain.tenancy import CaseListScope
from spin_planner.service.ports import CaseFilter, Fields

# Built once: most requests load their case first, and a statement built per request costs
# more Python (construction and its cache key) than the query costs PostgreSQL.
_CASE = select(CASES).where(CASES.c.id == bindparam("case_id"))
_CASE_FOR_UPDATE = _CASE.with_for_update()
_NEWEST_FIRST = select(CASES).order_by(CASES.c.opened_on.desc(), CASES.c.id)


class SqlCases:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def get(self, case_id: UUID, *, lock: bool) -> Case | None:
        query = _CASE_FOR_UPDATE if lock else _CASE
        row = (await self.conn.execute(query, {"case_id": case_id})).first()
        return None if row is None else record(Case, row)

    async def open(self, fields: Fields) -> Case | None:
        inserted = await self.conn.execute(
            insert(CASES).values(**fields).on_conflict_do_nothing().returning(*CASES.c)
        )
        row = inserted.first()
        return None if row is None else record(Case, row)

    async def revise(self, case_id: UUID, changes: Fields) -> Case:
        return record(Case, await revised(self.conn, CASES, case_id, changes))

    async def apprentice_case(self, case_id: UUID, supervisor_id: str, at: datetime) -> bool:
        allowed = and_(supervised_by(supervisor_id), supervision_allowed(case_id, at))
        query = select(allowed).where(CASES.c.id == case_id)
        return bool(await self.conn.scalar(query))

    async def page(
        self, scope: CaseListScope, at: datetime, where: CaseFilter, limit: int, offset: int
    ) -> tuple[list[Case], int]:
        query = _filtered(_NEWEST_FIRST.where(*visible_cases(scope, at)), where)
        rows, total = await page(self.conn, query, limit, offset)
        return [record(Case, row) for row in rows], total


def _filtered(query: Select[Any], where: CaseFilter) -> Select[Any]:
    if where.status == "open":
        query = query.where(CASES.c.closed_on.is_(None))
    elif where.status == "closed":
        query = query.where(CASES.c.closed_on.is_not(None))
    if where.practitioner_id:
        query = query.where(CASES.c.practitioner_id == where.practitioner_id)
    if where.site_id:
        query = query.where(CASES.c.site_id == where.site_id)
    if where.delivery_setting:
        query = query.where(CASES.c.delivery_setting == where.delivery_setting)
    if where.opened_from:
        query = query.where(CASES.c.opened_on >= where.opened_from)
    return query


class SqlDirectory:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def practitioner(
        self, practitioner_id: str, agency_id: str | None
    ) -> Practitioner | None:
        query = select(PRACTITIONERS).where(PRACTITIONERS.c.id == practitioner_id)
        if agency_id is not None:
            query = query.where(PRACTITIONERS.c.agency_id == agency_id)
        row = (await self.conn.execute(query)).first()
        return None if row is None else record(Practitioner, row)

    async def institute_of(self, agency_id: str) -> str | None:
        query = select(AGENCIES.c.institute_id).where(AGENCIES.c.id == agency_id)
        institute_id: str | None = await self.conn.scalar(query)
        return institute_id

    async def downloads_allowed(self, agency_id: str) -> bool:
        query = select(AGENCIES.c.downloads_allowed).where(AGENCIES.c.id == agency_id)
        return bool(await self.conn.scalar(query))
