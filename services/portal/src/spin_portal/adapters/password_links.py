"""Single-use set-password links: a new account, or a forgotten password, gets one.

Only the sha256 of a link's secret is stored, and a link is found by that hash alone, so the
database never holds a usable link and no secret is compared byte by byte.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from spin_portal.adapters.accounts import set_password
from spin_portal.adapters.tables import PASSWORD_LINKS, USERS
from spin_portal.service.ports import MadeLink


class LinkState(StrEnum):
    OPEN = "open"
    USED = "used"
    EXPIRED = "expired"  # also: replaced by a newer link, or the account was deactivated
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Link:
    state: LinkState
    username: str | None = None


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def make_link(
    conn: AsyncConnection, username: str, created_by: str, lifetime: timedelta
) -> MadeLink:
    """A new link for the account; its older unused links stop working now."""
    await expire_links(conn, username)
    token = secrets.token_urlsafe(32)
    expires_at = datetime.now(UTC) + lifetime
    await conn.execute(
        insert(PASSWORD_LINKS).values(
            token_hash=token_hash(token),
            username=username,
            created_by=created_by[:64],
            expires_at=expires_at,
        )
    )
    return MadeLink(token, expires_at)


async def expire_links(conn: AsyncConnection, username: str) -> None:
    await conn.execute(
        update(PASSWORD_LINKS)
        .where(
            PASSWORD_LINKS.c.username == username,
            PASSWORD_LINKS.c.used_at.is_(None),
            PASSWORD_LINKS.c.expires_at > func.now(),
        )
        .values(expires_at=func.now())
    )


async def open_links_of(conn: AsyncConnection, usernames: list[str]) -> dict[str, datetime]:
    """When each account's open link expires, for the accounts that have one."""
    rows = await conn.execute(
        select(PASSWORD_LINKS.c.username, func.max(PASSWORD_LINKS.c.expires_at).label("expires"))
        .where(
            PASSWORD_LINKS.c.username.in_(usernames),
            PASSWORD_LINKS.c.used_at.is_(None),
            PASSWORD_LINKS.c.expires_at > func.now(),
        )
        .group_by(PASSWORD_LINKS.c.username)
    )
    return {row.username: row.expires for row in rows}


async def link_of(conn: AsyncConnection, token: str) -> Link:
    row = (
        await conn.execute(
            select(
                PASSWORD_LINKS.c.username,
                PASSWORD_LINKS.c.used_at,
                PASSWORD_LINKS.c.expires_at > func.now(),
                USERS.c.active,
            )
            .join(USERS, USERS.c.username == PASSWORD_LINKS.c.username)
            .where(PASSWORD_LINKS.c.token_hash == token_hash(token))
        )
    ).first()
    if row is None:
        return Link(LinkState.UNKNOWN)
    username, used_at, unexpired, active = row
    if used_at is not None:
        return Link(LinkState.USED, username)
    if not (unexpired and active):
        return Link(LinkState.EXPIRED, username)
    return Link(LinkState.OPEN, username)


async def use_link(conn: AsyncConnection, token: str, password: str) -> str | None:
    """Set the account's password through an open link, which is used up; None if not open.

    The conditional update takes the link's row lock, so of two concurrent uses one wins.
    """
    username = await conn.scalar(
        update(PASSWORD_LINKS)
        .where(
            PASSWORD_LINKS.c.token_hash == token_hash(token),
            PASSWORD_LINKS.c.used_at.is_(None),
            PASSWORD_LINKS.c.expires_at > func.now(),
            PASSWORD_LINKS.c.username.in_(select(USERS.c.username).where(USERS.c.active)),
        )
        .values(used_at=func.now())
        .returning(PASSWORD_LINKS.c.username)
    )
    if username is None:
        return None
    await set_password(conn, username, password)
    return str(username)
