"""Footage and clip requests in PostgreSQL: the case's footage, and the rows footage and clip
events move on."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from uuid import UUID

from spin_contracts.events.footage import FootageErased
from sqlalchemy import ColumnElement, Select, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from spin_planner.adapters.records import footage_record
from spin_planner.adapters.sql_training import clips_erased
from spin_planner.adapters.tables import CLIP_REQUESTS, FOOTAGE
from spin_planner.domain.cycle_records import Case, Footage
from spin_planner.domain.footage import FootageStatus


def _of_case(case: Case) -> Select[Any]:
    return select(FOOTAGE).where(
        FOOTAGE.c.agency_id == case.agency_id, FOOTAGE.c.case_code == case.case_code
    )


class SqlFootage:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def of_case(self, case: Case) -> list[Footage]:
        query = _of_case(case).order_by(FOOTAGE.c.uploaded_at, FOOTAGE.c.id)
        return [footage_record(row) for row in await self.conn.execute(query)]

    async def in_case(self, case: Case, footage_id: UUID) -> Footage | None:
        row = (await self.conn.execute(_of_case(case).where(FOOTAGE.c.id == footage_id))).first()
        return None if row is None else footage_record(row)


class SqlFootageFacts:
    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def status_for_update(
        self, footage_id: UUID, case_code: str, incoming: FootageStatus
    ) -> FootageStatus | None:
        await self.conn.execute(
            insert(FOOTAGE)
            .values(id=footage_id, case_code=case_code, status=incoming.value)
            .on_conflict_do_nothing()
        )
        current = await self.conn.scalar(
            select(FOOTAGE.c.status).where(FOOTAGE.c.id == footage_id).with_for_update()
        )
        return FootageStatus(current) if current else None

    async def move(
        self, footage_id: UUID, status: FootageStatus, fields: Mapping[str, Any]
    ) -> None:
        await self.conn.execute(
            update(FOOTAGE)
            .where(FOOTAGE.c.id == footage_id)
            .values(status=status.value, updated_at=func.now(), **fields)
        )

    async def raw_erased(self, footage_id: UUID, at: datetime) -> None:
        await self.conn.execute(
            update(FOOTAGE).where(FOOTAGE.c.id == footage_id).values(raw_erased_at=at)
        )

    async def clips_erased(self, event: FootageErased) -> None:
        await clips_erased(self.conn, event)

    async def clip_requests_erased(self, footage_id: UUID) -> None:
        await self.conn.execute(
            update(CLIP_REQUESTS)
            .where(CLIP_REQUESTS.c.footage_id == footage_id)
            .values(status="erased", clip_keys=[], reel_key=None)
        )

    async def clip_request(self, request_id: UUID, values: Mapping[str, Any]) -> None:
        await self._set(request_id, values)

    async def clip_progress(self, request_id: UUID, clips_done: int) -> None:
        going = CLIP_REQUESTS.c.status == "requested"
        behind = CLIP_REQUESTS.c.clips_done < clips_done
        await self._set(request_id, {"clips_done": clips_done}, going, behind)

    async def _set(
        self, request_id: UUID, values: Mapping[str, Any], *only_if: ColumnElement[bool]
    ) -> None:
        """Set `values` on the clip request (where the conditions `only_if` hold)."""
        await self.conn.execute(
            update(CLIP_REQUESTS).where(CLIP_REQUESTS.c.id == request_id, *only_if).values(**values)
        )
