"""The parts of a case that are rows of their own (consents, helping questions, legal holds,
moments), in PostgreSQL: each added with the event announcing it in one statement."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, Generic, TypeVar
from uuid import UUID

from spin_contracts.events.consent import ConsentPurpose
from spincore.db import Guard, insert_with_event
from sqlalchemy import Column, Row, Table, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from spin_planner.adapters.records import record
from spin_planner.adapters.revisions import revised
from spin_planner.adapters.sql_access import case_unchanged, consent_holds
from spin_planner.adapters.tables import CONSENTS, HELPING_QUESTIONS, LEGAL_HOLDS
from spin_planner.domain.records import Consent, HelpingQuestion, LegalHold
from spin_planner.service.ports import CaseAsRead, Fields, Outgoing

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

R = TypeVar("R", bound="DataclassInstance")


class CaseParts(Generic[R]):
    """Rows of `table`, each part of one case, as records of `kind`, listed by `order`."""

    def __init__(
        self,
        conn: AsyncConnection,
        topic_prefix: str,
        table: Table,
        kind: type[R],
        order: Callable[[Table], Column[Any]],
    ) -> None:
        self.conn, self.topic_prefix = conn, topic_prefix
        self.table, self.kind, self.order = table, kind, order(table)

    async def get(self, case_id: UUID, part_id: UUID, *, lock: bool) -> R | None:
        table = self.table
        query = select(table).where(table.c.id == part_id, table.c.case_id == case_id)
        row = (await self.conn.execute(query.with_for_update() if lock else query)).first()
        return None if row is None else self.of(row)

    async def of_case(self, case_id: UUID) -> list[R]:
        query = select(self.table).where(self.table.c.case_id == case_id).order_by(self.order)
        return [self.of(row) for row in await self.conn.execute(query)]

    async def revise(self, part_id: UUID, changes: Fields) -> R:
        return self.of(await revised(self.conn, self.table, part_id, changes))

    def of(self, row: Row[Any]) -> R:
        return record(self.kind, row)

    async def _add(self, fields: Fields, outgoing: Outgoing, guard: Guard | None) -> R | None:
        row = await insert_with_event(
            self.conn,
            self.table,
            dict(fields),
            outgoing.envelope,
            outgoing.event,
            self.topic_prefix,
            guard,
        )
        return None if row is None else self.of(row)

    async def _added(self, fields: Fields, outgoing: Outgoing) -> R:
        added = await self._add(fields, outgoing, None)
        if added is None:  # only a guard stops an insert
            raise RuntimeError(f"an insert into {self.table.name} without a guard wrote nothing")
        return added

    async def _set(self, part_id: UUID, **values: Any) -> R:
        table = self.table
        statement = update(table).where(table.c.id == part_id).values(**values)
        return self.of((await self.conn.execute(statement.returning(*table.c))).one())


class SqlConsents(CaseParts[Consent]):
    def __init__(self, conn: AsyncConnection, topic_prefix: str) -> None:
        super().__init__(conn, topic_prefix, CONSENTS, Consent, lambda t: t.c.granted_at)

    async def grant(self, fields: Fields, outgoing: Outgoing) -> Consent:
        return await self._added(fields, outgoing)

    async def withdraw(self, consent_id: UUID, at: datetime) -> Consent:
        return await self._set(consent_id, withdrawn_at=at)

    async def holds(self, case_id: UUID, purpose: ConsentPurpose, at: datetime) -> bool:
        return bool(await self.conn.scalar(select(consent_holds(case_id, purpose, at))))


class SqlQuestions(CaseParts[HelpingQuestion]):
    def __init__(self, conn: AsyncConnection, topic_prefix: str) -> None:
        super().__init__(
            conn, topic_prefix, HELPING_QUESTIONS, HelpingQuestion, lambda t: t.c.recorded_at
        )

    async def add(
        self, fields: Fields, outgoing: Outgoing, guard: CaseAsRead
    ) -> HelpingQuestion | None:
        return await self._add(fields, outgoing, case_unchanged(guard))


class SqlHolds(CaseParts[LegalHold]):
    def __init__(self, conn: AsyncConnection, topic_prefix: str) -> None:
        super().__init__(conn, topic_prefix, LEGAL_HOLDS, LegalHold, lambda t: t.c.placed_at)

    async def place(self, fields: Fields, outgoing: Outgoing) -> LegalHold:
        return await self._added(fields, outgoing)

    async def lift(self, hold_id: UUID, at: datetime, by: str) -> LegalHold:
        return await self._set(hold_id, lifted_at=at, lifted_by=by)
