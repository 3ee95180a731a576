"""Clips marked for training in PostgreSQL, and what the footage lifecycle's erasures do to
them and to the plans' clip lists."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from spin_contracts.events.footage import ErasedKind, ErasureScope, FootageErased
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from spin_planner.adapters.records import record
from spin_planner.adapters.sql_parts import CaseParts
from spin_planner.adapters.tables import CLIP_REQUESTS, TRAINING_CLIPS
from spin_planner.domain.records import TrainingClip
from spin_planner.service.ports import Fields, Outgoing

T = TRAINING_CLIPS


class SqlTraining(CaseParts[TrainingClip]):
    def __init__(self, conn: AsyncConnection, topic_prefix: str) -> None:
        super().__init__(conn, topic_prefix, T, TrainingClip, lambda t: t.c.marked_at)

    async def marked(self, moment_id: UUID) -> TrainingClip | None:
        row = (await self.conn.execute(select(T).where(T.c.moment_id == moment_id))).first()
        return None if row is None else record(TrainingClip, row)

    async def last_erased(self, footage_id: UUID) -> datetime | None:
        query = select(func.max(T.c.erased_at)).where(T.c.footage_id == footage_id)
        erased_at: datetime | None = await self.conn.scalar(query)
        return erased_at

    async def rendered_clip_key(self, footage_id: UUID, moment_id: UUID) -> str | None:
        rows = await self.conn.execute(
            select(CLIP_REQUESTS.c.clip_keys).where(
                CLIP_REQUESTS.c.footage_id == footage_id, CLIP_REQUESTS.c.status == "rendered"
            )
        )
        name = f"/{moment_id}.mp4"
        return next((key for (keys,) in rows for key in keys if key.endswith(name)), None)

    async def mark(self, fields: Fields, outgoing: Outgoing) -> TrainingClip:
        return await self._added(fields, outgoing)


async def clips_erased(conn: AsyncConnection, event: FootageErased) -> None:
    """The lifecycle erased clips of the footage: their training marks say when and why, and
    the plans' clip lists drop them (a whole erasure drops every clip elsewhere)."""
    marks = update(T).where(T.c.footage_id == event.footage_id, T.c.erased_at.is_(None))
    if event.scope is ErasureScope.TRAINING:
        gone = {o.key for o in event.objects if o.kind is ErasedKind.CLIP}
        marks = marks.where(T.c.clip_key.in_(gone))
        await _drop_clip_keys(conn, event.footage_id, gone)
    elif event.scope is not ErasureScope.ALL:
        return
    await conn.execute(marks.values(erased_at=event.erased_at, erased_reason=event.reason.value))


async def _drop_clip_keys(conn: AsyncConnection, footage_id: UUID, gone: set[str]) -> None:
    rows = await conn.execute(
        select(CLIP_REQUESTS.c.id, CLIP_REQUESTS.c.clip_keys).where(
            CLIP_REQUESTS.c.footage_id == footage_id
        )
    )
    for request_id, keys in rows.all():
        kept = [key for key in keys if key not in gone]
        if kept != keys:
            await conn.execute(
                update(CLIP_REQUESTS).where(CLIP_REQUESTS.c.id == request_id).values(clip_keys=kept)
            )
