"""Portal accounts in PostgreSQL: argon2 password hashes, server-side sessions, login
failures, and the agency admin's account management (list, deactivate, reactivate)."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Row, delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql import ColumnElement

from spin_portal.adapters.locale_tables import INSTITUTE_LANGUAGES, PERSON_LANGUAGES
from spin_portal.adapters.tables import LOGIN_FAILURES, USERS, WEB_SESSIONS
from spin_portal.adapters.zone_tables import INSTITUTE_TIME_ZONES
from spin_portal.domain.accounts import (
    AGENCY_ROLES,
    PERSON_ROLES,
    AccountError,
    PortalRole,
    Viewer,
    check_password_length,
    check_scope,
)
from spin_portal.domain.login_throttle import LoginFailures

_hasher = PasswordHasher()
# Verifying against this keeps unknown usernames as slow as wrong passwords.
_DUMMY_HASH = _hasher.hash("not a password of anyone")


async def create_user(
    conn: AsyncConnection,
    *,
    username: str,
    password: str | None,
    role: PortalRole,
    institute_id: str,
    agency_id: str | None,
    site_id: str | None = None,
    practitioner_id: str | None = None,
) -> None:
    """Create an account. `password` None: unusable until set through a password link."""
    check_scope(role, agency_id, site_id, practitioner_id)
    if password is not None:
        check_password_length(password)
    if await username_taken(conn, username):
        raise AccountError(f"the user {username!r} exists already")
    person = role in PERSON_ROLES
    await conn.execute(
        insert(USERS).values(
            username=username,
            # A random secret nobody knows: the account cannot log in before a link is used.
            password_hash=_hasher.hash(password or secrets.token_urlsafe(32)),
            role=role.value,
            institute_id=institute_id,
            agency_id=agency_id if role in AGENCY_ROLES else None,
            site_id=site_id if person else None,
            practitioner_id=practitioner_id if person else None,
        )
    )


async def stored_hash(conn: AsyncConnection, username: str) -> str | None:
    """The password hash of an active account, None for no such account."""
    stored: str | None = await conn.scalar(
        select(USERS.c.password_hash).where(USERS.c.username == username, USERS.c.active)
    )
    return stored


def password_matches(stored: str | None, password: str) -> bool:
    """argon2 verification: about a third of a second of CPU, so callers run it in a thread
    and outside any transaction (it would hold a pooled connection that long)."""
    try:
        return _hasher.verify(stored or _DUMMY_HASH, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


async def recent_failures(
    conn: AsyncConnection, username: str, client: str, window: timedelta
) -> LoginFailures:
    """Failed logins in the window: of this account from this client, and from this client."""
    since = datetime.now(UTC) - window
    pair = LOGIN_FAILURES.c.username == username
    counted = select(
        func.count().filter(pair),
        func.max(LOGIN_FAILURES.c.at).filter(pair),
        func.count(),
        func.max(LOGIN_FAILURES.c.at),
    ).where(LOGIN_FAILURES.c.at > since, LOGIN_FAILURES.c.client == client)
    of_pair, last_of_pair, from_client, last_from_client = (await conn.execute(counted)).one()
    return LoginFailures(int(of_pair), last_of_pair, int(from_client), last_from_client)


async def record_failure(conn: AsyncConnection, username: str, client: str) -> None:
    # When it failed, not when the transaction began (before the slow hash check): the wait
    # runs from the answer the client got, on the clock the waits are measured by.
    await conn.execute(
        insert(LOGIN_FAILURES).values(
            username=username[:64], client=client[:64], at=datetime.now(UTC)
        )
    )


async def forget_failures(conn: AsyncConnection, username: str, client: str) -> None:
    """After a login, the pair's earlier failures no longer make it wait."""
    await conn.execute(
        delete(LOGIN_FAILURES).where(
            LOGIN_FAILURES.c.username == username[:64], LOGIN_FAILURES.c.client == client[:64]
        )
    )


async def open_session(conn: AsyncConnection, username: str, lifetime: timedelta) -> str:
    session_id = secrets.token_urlsafe(32)
    await conn.execute(
        insert(WEB_SESSIONS).values(
            session_id=session_id,
            username=username,
            csrf_token=secrets.token_urlsafe(32),
            expires_at=datetime.now(UTC) + lifetime,
        )
    )
    return session_id


async def close_session(conn: AsyncConnection, session_id: str) -> None:
    await conn.execute(delete(WEB_SESSIONS).where(WEB_SESSIONS.c.session_id == session_id))


async def viewer_of_session(conn: AsyncConnection, session_id: str) -> Viewer | None:
    """The viewer of a live session, or None when it expired or never existed."""
    row = (
        await conn.execute(
            select(
                USERS,
                WEB_SESSIONS.c.csrf_token,
                PERSON_LANGUAGES.c.language.label("own_language"),
                INSTITUTE_LANGUAGES.c.language.label("institute_language"),
                INSTITUTE_TIME_ZONES.c.time_zone.label("institute_time_zone"),
            )
            .join(WEB_SESSIONS, WEB_SESSIONS.c.username == USERS.c.username)
            .outerjoin(PERSON_LANGUAGES, PERSON_LANGUAGES.c.username == USERS.c.username)
            .outerjoin(
                INSTITUTE_LANGUAGES, INSTITUTE_LANGUAGES.c.institute_id == USERS.c.institute_id
            )
            .outerjoin(
                INSTITUTE_TIME_ZONES, INSTITUTE_TIME_ZONES.c.institute_id == USERS.c.institute_id
            )
            .where(
                WEB_SESSIONS.c.session_id == session_id,
                WEB_SESSIONS.c.expires_at > func.now(),
                USERS.c.active,
            )
        )
    ).first()
    if row is None:
        return None
    return Viewer(
        row.username,
        PortalRole(row.role),
        row.institute_id,
        row.agency_id,
        row.csrf_token,
        site_id=row.site_id,
        practitioner_id=row.practitioner_id,
        own_language=row.own_language,
        institute_language=row.institute_language,
        institute_time_zone=row.institute_time_zone,
    )


async def set_password(conn: AsyncConnection, username: str, password: str) -> None:
    """A new password; sessions opened with the old one end."""
    check_password_length(password)
    await conn.execute(
        update(USERS)
        .where(USERS.c.username == username)
        .values(password_hash=_hasher.hash(password))
    )
    await end_sessions(conn, username)


async def end_sessions(conn: AsyncConnection, username: str) -> None:
    await conn.execute(delete(WEB_SESSIONS).where(WEB_SESSIONS.c.username == username))


async def set_active(conn: AsyncConnection, username: str, *, active: bool) -> None:
    """Deactivation takes effect at once: the account's sessions end with it."""
    await conn.execute(update(USERS).where(USERS.c.username == username).values(active=active))
    if not active:
        await end_sessions(conn, username)


_LISTED: tuple[ColumnElement[Any], ...] = (
    USERS.c.username,
    USERS.c.role,
    USERS.c.site_id,
    USERS.c.practitioner_id,
    USERS.c.active,
    USERS.c.created_at,
)


async def agency_accounts(conn: AsyncConnection, agency_id: str) -> list[Row[Any]]:
    rows = await conn.execute(
        select(*_LISTED)
        .where(USERS.c.agency_id == agency_id)
        .order_by(USERS.c.created_at, USERS.c.username)
    )
    return list(rows)


async def agency_account(conn: AsyncConnection, agency_id: str, username: str) -> Row[Any] | None:
    """The account if it belongs to the agency; other agencies' accounts do not exist."""
    return (
        await conn.execute(
            select(*_LISTED).where(USERS.c.username == username, USERS.c.agency_id == agency_id)
        )
    ).first()


async def username_taken(conn: AsyncConnection, username: str) -> bool:
    found = await conn.scalar(select(USERS.c.username).where(USERS.c.username == username))
    return found is not None
