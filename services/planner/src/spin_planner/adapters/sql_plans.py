"""Feedback plans and their clip requests, in PostgreSQL (moment ids stored as JSON text)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any
from uuid import UUID

from sqlalchemy import Row, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from spin_planner.adapters.records import clip_request_record, plan_record
from spin_planner.adapters.sql_parts import CaseParts
from spin_planner.adapters.tables import CLIP_REQUESTS, FEEDBACK_PLANS
from spin_planner.domain.cycle_records import ClipRequest, FeedbackPlan
from spin_planner.service.ports import Fields, Outgoing


def _stored(fields: Fields) -> Mapping[str, Any]:
    if "moment_ids" not in fields:
        return fields
    return {**fields, "moment_ids": [str(m) for m in fields["moment_ids"]]}


class SqlPlans(CaseParts[FeedbackPlan]):
    def __init__(self, conn: AsyncConnection, topic_prefix: str) -> None:
        super().__init__(conn, topic_prefix, FEEDBACK_PLANS, FeedbackPlan, lambda t: t.c.created_at)

    def of(self, row: Row[Any]) -> FeedbackPlan:
        return plan_record(row, [])

    async def prepare(self, fields: Fields, outgoing: Outgoing) -> FeedbackPlan:
        return await self._added(_stored(fields), outgoing)

    async def revise(self, plan_id: UUID, changes: Fields) -> FeedbackPlan:
        return await super().revise(plan_id, _stored(changes))

    async def of_case(self, case_id: UUID) -> list[FeedbackPlan]:
        plans = await super().of_case(case_id)
        return [replace(p, clip_requests=await self.clip_requests(p.id)) for p in plans]

    async def clip_requests(self, plan_id: UUID) -> list[ClipRequest]:
        rows = await self.conn.execute(
            select(CLIP_REQUESTS)
            .where(CLIP_REQUESTS.c.feedback_plan_id == plan_id)
            .order_by(CLIP_REQUESTS.c.created_at)
        )
        return [clip_request_record(row) for row in rows]

    async def request_clips(self, fields: Fields) -> None:
        await self.conn.execute(insert(CLIP_REQUESTS).values(**_stored(fields)))

    async def has_rendered_clips(self, plan_id: UUID) -> bool:
        rendered = await self.conn.scalar(
            select(CLIP_REQUESTS.c.id).where(
                CLIP_REQUESTS.c.feedback_plan_id == plan_id, CLIP_REQUESTS.c.status == "rendered"
            )
        )
        return rendered is not None
