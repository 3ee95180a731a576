"""The directory's registrations and listings in PostgreSQL."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from spin_contracts.claims import Principal
from sqlalchemy import Table, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from spin_planner.adapters import directory_queries
from spin_planner.adapters.pages import page_of
from spin_planner.adapters.records import record
from spin_planner.adapters.tables import AGENCIES, INSTITUTES, PRACTITIONERS, SITES
from spin_planner.domain.records import Agency, Institute, Practitioner, Site
from spin_planner.service.ports import Fields

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

R = TypeVar("R", bound="DataclassInstance")


class SqlRegistry:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def add_institute(self, fields: Fields) -> Institute | None:
        return await self._added(INSTITUTES, Institute, fields)

    async def add_agency(self, fields: Fields) -> Agency | None:
        return await self._added(AGENCIES, Agency, fields)

    async def add_site(self, fields: Fields) -> Site | None:
        return await self._added(SITES, Site, fields)

    async def add_practitioner(self, fields: Fields) -> Practitioner | None:
        return await self._added(PRACTITIONERS, Practitioner, fields)

    async def _added(self, table: Table, kind: type[R], fields: Fields) -> R | None:
        inserted = await self.conn.execute(
            insert(table).values(**fields).on_conflict_do_nothing().returning(*table.c)
        )
        row = inserted.first()
        return None if row is None else record(kind, row)

    async def institute_exists(self, institute_id: str) -> bool:
        query = select(INSTITUTES.c.id).where(INSTITUTES.c.id == institute_id)
        return await self.conn.scalar(query) is not None

    async def agency(self, agency_id: str) -> Agency | None:
        row = (await self.conn.execute(select(AGENCIES).where(AGENCIES.c.id == agency_id))).first()
        return None if row is None else record(Agency, row)

    async def readable_agency(self, principal: Principal, agency_id: str) -> Agency | None:
        query = select(AGENCIES).where(
            AGENCIES.c.id == agency_id,
            AGENCIES.c.id.in_(directory_queries.readable_agencies(principal)),
        )
        row = (await self.conn.execute(query)).first()
        return None if row is None else record(Agency, row)

    async def set_downloads(self, agency_id: str, version: int, allowed: bool) -> Agency | None:
        statement = (
            update(AGENCIES)
            .where(AGENCIES.c.id == agency_id, AGENCIES.c.version == version)
            .values(downloads_allowed=allowed, version=AGENCIES.c.version + 1)
            .returning(*AGENCIES.c)
        )
        row = (await self.conn.execute(statement)).first()
        return None if row is None else record(Agency, row)

    async def site(self, site_id: str) -> Site | None:
        row = (await self.conn.execute(select(SITES).where(SITES.c.id == site_id))).first()
        return None if row is None else record(Site, row)

    async def in_agency(self, practitioner_id: str, agency_id: str) -> bool:
        query = select(PRACTITIONERS.c.id).where(
            PRACTITIONERS.c.id == practitioner_id, PRACTITIONERS.c.agency_id == agency_id
        )
        return await self.conn.scalar(query) is not None

    async def institutes(
        self, principal: Principal, limit: int, offset: int
    ) -> tuple[list[Institute], int]:
        query = directory_queries.institutes(principal)
        return await page_of(Institute, self.conn, query, limit, offset)

    async def agencies(
        self, principal: Principal, limit: int, offset: int
    ) -> tuple[list[Agency], int]:
        query = directory_queries.agencies(principal)
        return await page_of(Agency, self.conn, query, limit, offset)

    async def sites(
        self, principal: Principal, agency_id: str | None, limit: int, offset: int
    ) -> tuple[list[Site], int]:
        query = directory_queries.sites(principal, agency_id)
        return await page_of(Site, self.conn, query, limit, offset)

    async def practitioners(
        self,
        principal: Principal,
        site_id: str | None,
        supervisor_id: str | None,
        limit: int,
        offset: int,
    ) -> tuple[list[Practitioner], int]:
        query = directory_queries.practitioners(principal, site_id, supervisor_id)
        return await page_of(Practitioner, self.conn, query, limit, offset)
