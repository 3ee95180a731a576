"""The two codings of one footage and their agreement in PostgreSQL."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from uuid import UUID

from spin_contracts.events.coaching import PrincipleFigure
from spincore.db import insert_with_event
from sqlalchemy import Row, delete, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from spin_planner.adapters.coaching_tables import AGREEMENTS, CODINGS, SUPERVISOR_MOMENTS
from spin_planner.adapters.records import record, records
from spin_planner.adapters.tables import FOOTAGE, MOMENTS
from spin_planner.domain.agreement import Coded
from spin_planner.domain.records import Agreement, CodedMoment
from spin_planner.service.coding_ports import Coding
from spin_planner.service.ports import Fields, Outgoing


class SqlCoding:
    def __init__(self, conn: AsyncConnection, topic_prefix: str) -> None:
        self.conn, self.topic_prefix = conn, topic_prefix

    async def codings(self, footage_id: UUID, coder_ids: list[str]) -> list[Coding]:
        rows = await self.conn.execute(
            select(CODINGS.c.role, CODINGS.c.done_at, CODINGS.c.moments_seen_at).where(
                CODINGS.c.footage_id == footage_id,
                CODINGS.c.coder_id.in_(coder_ids),
            )
        )
        return [Coding(row.role, row.done_at, row.moments_seen_at) for row in rows]

    async def mark(self, fields: Fields, when: Mapping[str, datetime]) -> None:
        statement = insert(CODINGS).values(**fields, **when)
        kept = {name: func.coalesce(CODINGS.c[name], statement.excluded[name]) for name in when}
        await self.conn.execute(
            statement.on_conflict_do_update(index_elements=["footage_id", "coder_id"], set_=kept)
        )

    async def lock_footage(self, footage_id: UUID) -> None:
        await self.conn.execute(
            select(FOOTAGE.c.id).where(FOOTAGE.c.id == footage_id).with_for_update()
        )

    async def supervisor_moments(self, footage_id: UUID, supervisor_id: str) -> list[CodedMoment]:
        rows = await self.conn.execute(
            select(SUPERVISOR_MOMENTS)
            .where(
                SUPERVISOR_MOMENTS.c.footage_id == footage_id,
                SUPERVISOR_MOMENTS.c.coder_id == supervisor_id,
            )
            .order_by(SUPERVISOR_MOMENTS.c.start_s)
        )
        return records(CodedMoment, list(rows))

    async def code(self, fields: Fields) -> CodedMoment:
        statement = insert(SUPERVISOR_MOMENTS).values(**fields)
        row = (await self.conn.execute(statement.returning(*SUPERVISOR_MOMENTS.c))).one()
        return record(CodedMoment, row)

    async def uncode(self, moment_id: UUID, supervisor_id: str) -> bool:
        gone = await self.conn.execute(
            delete(SUPERVISOR_MOMENTS).where(
                SUPERVISOR_MOMENTS.c.id == moment_id,
                SUPERVISOR_MOMENTS.c.coder_id == supervisor_id,
            )
        )
        return bool(gone.rowcount)

    async def apprentice_moments(self, case_id: UUID, footage_id: UUID) -> list[Coded]:
        rows = await self.conn.execute(
            select(MOMENTS).where(MOMENTS.c.case_id == case_id, MOMENTS.c.footage_id == footage_id)
        )
        return [Coded(m.start_s, m.end_s, tuple(m.principles)) for m in rows]

    async def agreement(self, footage_id: UUID, supervisor_id: str) -> Agreement | None:
        row = (
            await self.conn.execute(
                select(AGREEMENTS).where(
                    AGREEMENTS.c.footage_id == footage_id,
                    AGREEMENTS.c.supervisor_id == supervisor_id,
                )
            )
        ).first()
        return None if row is None else _agreement(row)

    async def agreement_recorded(self, footage_id: UUID, supervisor_id: str) -> bool:
        found = await self.conn.scalar(
            select(AGREEMENTS.c.id).where(
                AGREEMENTS.c.footage_id == footage_id,
                AGREEMENTS.c.supervisor_id == supervisor_id,
            )
        )
        return found is not None

    async def record_agreement(self, fields: Fields, outgoing: Outgoing) -> None:
        await insert_with_event(
            self.conn,
            AGREEMENTS,
            dict(fields),
            outgoing.envelope,
            outgoing.event,
            self.topic_prefix,
        )


def _agreement(row: Row[Any]) -> Agreement:
    stored = {**row._mapping, "figures": [PrincipleFigure.model_validate(f) for f in row.figures]}
    return record(Agreement, stored)
