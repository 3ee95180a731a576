"""Sessions (direct contacts) in PostgreSQL, each filming read with its linked footage."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from spin_contracts.events.planner import SessionKind
from spincore.db import insert_with_event
from sqlalchemy import bindparam, func, select
from sqlalchemy.dialects.postgresql import JSONB, aggregate_order_by
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from spin_planner.adapters.pages import page
from spin_planner.adapters.records import footage_record, session_record
from spin_planner.adapters.sql_access import case_unchanged
from spin_planner.adapters.tables import FOOTAGE, SESSIONS
from spin_planner.domain.cycle_records import Case, Footage, Session
from spin_planner.service.contact_ports import FilmingRefTaken
from spin_planner.service.ports import CaseAsRead, Fields, Outgoing

REF_PER_CASE = "sessions_filming_ref"  # the unique constraint: one filming per ref in a case

# The footage linked to each filming session, read along with it (JSON; NULL when none): a
# listing then costs one round trip, not a second one for the case's footage.
_LINKED_FOOTAGE = (
    select(
        func.jsonb_agg(
            aggregate_order_by(FOOTAGE.table_valued(), FOOTAGE.c.uploaded_at, FOOTAGE.c.id),
            type_=JSONB,
        )
    )
    .where(
        FOOTAGE.c.agency_id == bindparam("agency_id"),
        FOOTAGE.c.case_code == bindparam("case_code"),
        FOOTAGE.c.filming_session_ref == SESSIONS.c.filming_session_ref,
    )
    .scalar_subquery()
    .label("linked_footage")
)
_SESSIONS_WITH_FOOTAGE = select(SESSIONS, _LINKED_FOOTAGE)


def _footage_params(case: Case) -> dict[str, Any]:
    return {"agency_id": case.agency_id, "case_code": case.case_code}


def _constraint(error: IntegrityError) -> str | None:
    """The constraint `error` broke (asyncpg's error, which SQLAlchemy wraps, names it)."""
    return getattr(error.orig.__cause__, "constraint_name", None) if error.orig else None


class SqlSessions:
    def __init__(self, conn: AsyncConnection, topic_prefix: str) -> None:
        self.conn, self.topic_prefix = conn, topic_prefix

    async def add(self, fields: Fields, outgoing: Outgoing, guard: CaseAsRead) -> Session | None:
        try:
            row = await insert_with_event(
                self.conn,
                SESSIONS,
                dict(fields),
                outgoing.envelope,
                outgoing.event,
                self.topic_prefix,
                case_unchanged(guard),
            )
        except IntegrityError as error:
            if _constraint(error) != REF_PER_CASE:
                raise
            raise FilmingRefTaken from error
        return None if row is None else session_record(row)

    async def get(self, case: Case, session_id: UUID) -> Session | None:
        query = _SESSIONS_WITH_FOOTAGE.where(
            SESSIONS.c.id == session_id, SESSIONS.c.case_id == case.id
        )
        row = (await self.conn.execute(query, _footage_params(case))).first()
        return None if row is None else session_record(row)

    async def page(
        self, case: Case, kind: str | None, limit: int, offset: int
    ) -> tuple[list[Session], int]:
        query = _SESSIONS_WITH_FOOTAGE.where(SESSIONS.c.case_id == case.id).order_by(
            SESSIONS.c.held_at
        )
        if kind is not None:
            query = query.where(SESSIONS.c.kind == kind)
        rows, total = await page(self.conn, query, limit, offset, _footage_params(case))
        return [session_record(row) for row in rows], total

    async def filmed_at(self, case_id: UUID) -> list[datetime]:
        query = select(SESSIONS.c.held_at).where(
            SESSIONS.c.case_id == case_id, SESSIONS.c.kind == SessionKind.FILMING.value
        )
        return list(await self.conn.scalars(query))

    async def footage_named(self, case: Case, ref: str) -> list[Footage]:
        query = (
            select(FOOTAGE)
            .where(
                FOOTAGE.c.agency_id == case.agency_id,
                FOOTAGE.c.case_code == case.case_code,
                FOOTAGE.c.filming_session_ref == ref,
            )
            .order_by(FOOTAGE.c.uploaded_at, FOOTAGE.c.id)
        )
        return [footage_record(row) for row in await self.conn.execute(query)]
