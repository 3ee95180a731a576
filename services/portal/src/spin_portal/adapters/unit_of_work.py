"""The portal's unit of work over PostgreSQL: one transaction on one pooled connection, and
the accounts, links, logins, audit log, choices, upload tokens and outbox of `service/ports.py`
working in it."""

from __future__ import annotations

from datetime import timedelta
from types import TracebackType
from typing import Self

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from spin_portal.adapters import accounts, audit, password_links
from spin_portal.adapters.choices import SqlOutbox, SqlPreferences, SqlUploadTokens
from spin_portal.domain.login_throttle import LoginFailures
from spin_portal.service.ports import AuditEntry, MadeLink, NewAccount, UnitOfWorkFactory


class SqlAccounts:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def active_in(self, agency_id: str, username: str) -> bool | None:
        account = await accounts.agency_account(self._conn, agency_id, username)
        return None if account is None else bool(account.active)

    async def create(self, account: NewAccount) -> None:
        await accounts.create_user(
            self._conn,
            username=account.username,
            password=None,
            role=account.role,
            institute_id=account.institute_id,
            agency_id=account.agency_id,
            site_id=account.site_id,
            practitioner_id=account.practitioner_id,
        )

    async def set_active(self, username: str, *, active: bool) -> None:
        await accounts.set_active(self._conn, username, active=active)

    async def open_session(self, username: str, lifetime: timedelta) -> str:
        return await accounts.open_session(self._conn, username, lifetime)


class SqlPasswordLinks:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def make(self, username: str, created_by: str, lifetime: timedelta) -> MadeLink:
        return await password_links.make_link(self._conn, username, created_by, lifetime)

    async def expire(self, username: str) -> None:
        await password_links.expire_links(self._conn, username)

    async def use(self, token: str, password: str) -> str | None:
        return await password_links.use_link(self._conn, token, password)


class SqlLogins:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def failures(self, username: str, client: str, window: timedelta) -> LoginFailures:
        return await accounts.recent_failures(self._conn, username, client, window)

    async def password_hash(self, username: str) -> str | None:
        return await accounts.stored_hash(self._conn, username)

    async def record_failure(self, username: str, client: str) -> None:
        await accounts.record_failure(self._conn, username, client)

    async def forget_failures(self, username: str, client: str) -> None:
        await accounts.forget_failures(self._conn, username, client)

    async def close_session(self, session_id: str) -> None:
        await accounts.close_session(self._conn, session_id)


class SqlAuditLog:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def record(self, entry: AuditEntry) -> None:
        await audit.record(
            self._conn,
            entry.viewer,
            entry.action,
            entry.subject,
            agency_id=entry.agency_id,
            case_code=entry.case_code,
        )


class SqlUnitOfWork:
    accounts: SqlAccounts
    links: SqlPasswordLinks
    audit: SqlAuditLog
    logins: SqlLogins
    preferences: SqlPreferences
    upload_tokens: SqlUploadTokens
    outbox: SqlOutbox

    def __init__(self, engine: AsyncEngine, topic_prefix: str = "") -> None:
        self._engine = engine
        self._topic_prefix = topic_prefix
        self._conn: AsyncConnection | None = None

    async def __aenter__(self) -> Self:
        conn = await self._engine.connect()
        await conn.begin()
        self._conn = conn
        self.accounts = SqlAccounts(conn)
        self.links = SqlPasswordLinks(conn)
        self.audit = SqlAuditLog(conn)
        self.logins = SqlLogins(conn)
        self.preferences = SqlPreferences(conn)
        self.upload_tokens = SqlUploadTokens(conn)
        self.outbox = SqlOutbox(conn, self._topic_prefix)
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            if kind is None:
                await conn.commit()
            else:
                await conn.rollback()
        finally:
            await conn.close()


def sql_units_of_work(engine: AsyncEngine, topic_prefix: str = "") -> UnitOfWorkFactory:
    return lambda: SqlUnitOfWork(engine, topic_prefix)
