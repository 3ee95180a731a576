"""Logging in and out, as use cases: the throttle's verdict on the failures seen before, the
password check, and the session opened (or the failure recorded) in one unit of work.

The password check (argon2, a third of a second of CPU) runs in a thread between two units of
work: it would hold a pooled connection, and a transaction, that long.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from spin_portal.domain.login_throttle import LoginThrottle, Refusal
from spin_portal.service.ports import UnitOfWorkFactory as Units

PasswordCheck = Callable[[str | None, str], bool]


@dataclass(frozen=True)
class LogIn:
    username: str
    password: str
    client: str  # the address the attempt came from
    session_lifetime: timedelta


@dataclass(frozen=True)
class LoggedIn:
    session_id: str


@dataclass(frozen=True)
class WrongCredentials:
    """No such active account, or not its password: the same answer for both."""


LoginOutcome = LoggedIn | WrongCredentials | Refusal


async def log_in(
    command: LogIn,
    *,
    units: Units,
    throttle: LoginThrottle,
    password_matches: PasswordCheck,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> LoginOutcome:
    """A session for the right password, unless the attempt must wait first."""
    window = timedelta(seconds=throttle.window_s)
    async with units() as uow:
        seen = await uow.logins.failures(command.username, command.client, window)
        stored = await uow.logins.password_hash(command.username)
    refusal = throttle.refusal(seen, now())
    if refusal is not None:
        return refusal
    matches = await asyncio.to_thread(password_matches, stored, command.password)
    async with units() as uow:
        if not matches:
            await uow.logins.record_failure(command.username, command.client)
            return WrongCredentials()
        await uow.logins.forget_failures(command.username, command.client)
        return LoggedIn(await uow.accounts.open_session(command.username, command.session_lifetime))


async def log_out(session_id: str, *, units: Units) -> None:
    async with units() as uow:
        await uow.logins.close_session(session_id)
