"""Moments marked on a case's footage, in PostgreSQL, and what the blind coding of a
supervisor hides of them (see `service/blind.py`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from uuid import UUID

from sqlalchemy import ColumnElement, and_, delete, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from spin_planner.adapters.coaching_tables import CODINGS
from spin_planner.adapters.pages import page_of
from spin_planner.adapters.sql_parts import CaseParts
from spin_planner.adapters.tables import FEEDBACK_PLANS, FOOTAGE, MOMENTS, SESSIONS
from spin_planner.domain.records import Moment
from spin_planner.service.ports import BlindCoder, Fields, FootageLength, Outgoing, PlanUse


def seen_by(coder: BlindCoder) -> ColumnElement[bool]:
    """SQL on MOMENTS: the moments `coder` may see."""
    mine, theirs = CODINGS.alias("mine"), CODINGS.alias("theirs")
    apprentice_done = exists().where(
        theirs.c.footage_id == MOMENTS.c.footage_id,
        theirs.c.coder_id == coder.apprentice_id,
        theirs.c.done_at.is_not(None),
    )
    return exists().where(
        mine.c.footage_id == MOMENTS.c.footage_id,
        mine.c.coder_id == coder.supervisor_id,
        or_(
            mine.c.moments_seen_at.is_not(None),
            and_(mine.c.done_at.is_not(None), apprentice_done),
        ),
    )


class SqlMoments(CaseParts[Moment]):
    def __init__(self, conn: AsyncConnection, topic_prefix: str) -> None:
        super().__init__(conn, topic_prefix, MOMENTS, Moment, lambda t: t.c.start_s)

    async def mark(self, fields: Fields, outgoing: Outgoing) -> Moment:
        return await self._added(fields, outgoing)

    async def remove(self, moment_id: UUID) -> None:
        await self.conn.execute(delete(MOMENTS).where(MOMENTS.c.id == moment_id))

    async def in_case(self, case_id: UUID, moment_ids: Sequence[UUID]) -> list[Moment]:
        query = select(MOMENTS).where(MOMENTS.c.case_id == case_id, MOMENTS.c.id.in_(moment_ids))
        return [self.of(row) for row in await self.conn.execute(query)]

    async def footage_length(
        self, agency_id: str, case_code: str, footage_id: UUID
    ) -> FootageLength | None:
        query = select(FOOTAGE.c.status, FOOTAGE.c.duration_s).where(
            FOOTAGE.c.id == footage_id,
            FOOTAGE.c.agency_id == agency_id,
            FOOTAGE.c.case_code == case_code,
        )
        row = (await self.conn.execute(query)).first()
        return None if row is None else FootageLength(row.status, row.duration_s)

    async def first_review_showing(self, case_id: UUID, moment_id: UUID) -> datetime | None:
        query = (
            select(SESSIONS.c.held_at)
            .where(
                SESSIONS.c.case_id == case_id,
                SESSIONS.c.clips_shown.contains([{"moment_id": str(moment_id)}]),
            )
            .order_by(SESSIONS.c.held_at)
            .limit(1)
        )
        held_at: datetime | None = await self.conn.scalar(query)
        return held_at

    async def plan_using(self, case_id: UUID, moment_id: UUID) -> PlanUse | None:
        plans = FEEDBACK_PLANS
        query = (
            select(plans.c.id, plans.c.shown_in_session_id)
            .where(plans.c.case_id == case_id, plans.c.moment_ids.contains([str(moment_id)]))
            .order_by(plans.c.shown_in_session_id.is_(None), plans.c.created_at)
        )
        plan = (await self.conn.execute(query)).first()
        return None if plan is None else PlanUse(plan.id, plan.shown_in_session_id is not None)

    async def seen_by(self, coder: BlindCoder, moment_id: UUID) -> bool | None:
        shown: bool | None = await self.conn.scalar(
            select(seen_by(coder)).where(MOMENTS.c.id == moment_id)
        )
        return shown

    async def hidden_from(
        self, coder: BlindCoder, case_id: UUID, moment_ids: Iterable[UUID]
    ) -> set[UUID]:
        wanted = set(moment_ids)
        if not wanted:
            return set()
        shown = await self.conn.scalars(
            select(MOMENTS.c.id).where(
                MOMENTS.c.id.in_(wanted), MOMENTS.c.case_id == case_id, seen_by(coder)
            )
        )
        return wanted - set(shown)

    async def page(
        self,
        case_id: UUID,
        coder: BlindCoder | None,
        footage_id: UUID | None,
        kind: str | None,
        limit: int,
        offset: int,
    ) -> tuple[list[Moment], int]:
        query = (
            select(MOMENTS)
            .where(MOMENTS.c.case_id == case_id)
            .order_by(MOMENTS.c.footage_id, MOMENTS.c.start_s)
        )
        if coder is not None:
            query = query.where(seen_by(coder))
        if footage_id is not None:
            query = query.where(MOMENTS.c.footage_id == footage_id)
        if kind is not None:
            query = query.where(MOMENTS.c.kind == kind)
        return await page_of(Moment, self.conn, query, limit, offset)
