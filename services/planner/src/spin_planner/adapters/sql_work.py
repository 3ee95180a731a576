"""Units of work on PostgreSQL: the stores of one connection, in a transaction or not."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from spin_contracts.claims import Principal
from spincore.db import add_to_outbox
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from spin_planner.adapters.sql_cases import SqlCases, SqlDirectory
from spin_planner.adapters.sql_coaching import SqlCoaching
from spin_planner.adapters.sql_coding import SqlCoding
from spin_planner.adapters.sql_footage import SqlFootage
from spin_planner.adapters.sql_moments import SqlMoments
from spin_planner.adapters.sql_parts import SqlConsents, SqlHolds, SqlQuestions
from spin_planner.adapters.sql_plans import SqlPlans
from spin_planner.adapters.sql_registry import SqlRegistry
from spin_planner.adapters.sql_sessions import SqlSessions
from spin_planner.adapters.sql_supervisions import SqlSupervisions
from spin_planner.adapters.sql_training import SqlTraining
from spin_planner.adapters.sql_vocabularies import SqlVocabularies
from spin_planner.service.ports import Outgoing
from spin_planner.service.work import Stores, Work


class SqlOutbox:
    def __init__(self, conn: AsyncConnection, topic_prefix: str) -> None:
        self.conn, self.topic_prefix = conn, topic_prefix

    async def stage(self, outgoing: Outgoing) -> None:
        await add_to_outbox(self.conn, outgoing.envelope, outgoing.event, self.topic_prefix)


def sql_stores(conn: AsyncConnection, topic_prefix: str) -> Stores:
    return Stores(
        outbox=SqlOutbox(conn, topic_prefix),
        directory=SqlDirectory(conn),
        cases=SqlCases(conn),
        consents=SqlConsents(conn, topic_prefix),
        questions=SqlQuestions(conn, topic_prefix),
        holds=SqlHolds(conn, topic_prefix),
        moments=SqlMoments(conn, topic_prefix),
        plans=SqlPlans(conn, topic_prefix),
        sessions=SqlSessions(conn, topic_prefix),
        training=SqlTraining(conn, topic_prefix),
        supervisions=SqlSupervisions(conn, topic_prefix),
        vocabularies=SqlVocabularies(conn),
        coaching=SqlCoaching(conn, topic_prefix),
        coding=SqlCoding(conn, topic_prefix),
        registry=SqlRegistry(conn),
        footage=SqlFootage(conn),
    )


def sql_work(
    conn: AsyncConnection, principal: Principal, topic_prefix: str, *, in_transaction: bool
) -> Work:
    return Work(
        principal,
        sql_stores(conn, topic_prefix),
        in_transaction=in_transaction,
    )


@asynccontextmanager
async def reading(
    engine: AsyncEngine, principal: Principal, topic_prefix: str
) -> AsyncIterator[Work]:
    """Work without a transaction: autocommit spares the BEGIN and COMMIT round trips. For
    reads, and for writes of one guarded statement each (see `service/ports.py`)."""
    async with engine.connect() as conn:
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        yield sql_work(conn, principal, topic_prefix, in_transaction=False)


@asynccontextmanager
async def unit_of_work(
    engine: AsyncEngine, principal: Principal, topic_prefix: str
) -> AsyncIterator[Work]:
    """Commit everything done (state and events) on success; roll all of it back on error."""
    async with engine.begin() as conn:
        yield sql_work(conn, principal, topic_prefix, in_transaction=True)


class SqlUnits:
    """The planner's units of work on its engine."""

    def __init__(self, engine: AsyncEngine, topic_prefix: str) -> None:
        self.engine, self.topic_prefix = engine, topic_prefix

    def transaction(self, principal: Principal) -> AbstractAsyncContextManager[Work]:
        return unit_of_work(self.engine, principal, self.topic_prefix)

    def autocommitted(self, principal: Principal) -> AbstractAsyncContextManager[Work]:
        return reading(self.engine, principal, self.topic_prefix)
