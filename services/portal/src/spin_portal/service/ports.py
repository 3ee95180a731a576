"""What the portal's write use cases need, named by them: a unit of work owning one
transaction, and in it the accounts, the set-password links, logins and the audit log.

`adapters/unit_of_work.py` implements these over PostgreSQL; the unit tests over memory.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import TracebackType
from typing import Protocol, Self

from spin_portal.domain.accounts import PortalRole, Viewer
from spin_portal.domain.login_throttle import LoginFailures


@dataclass(frozen=True)
class NewAccount:
    username: str
    role: PortalRole
    institute_id: str
    agency_id: str | None
    site_id: str | None = None
    practitioner_id: str | None = None


@dataclass(frozen=True)
class MadeLink:
    token: str
    expires_at: datetime


@dataclass(frozen=True)
class AuditEntry:
    """One line of an agency's audit log: who did what to which subject."""

    viewer: Viewer
    action: str
    subject: str
    agency_id: str | None
    case_code: str | None = None


class Accounts(Protocol):
    async def active_in(self, agency_id: str, username: str) -> bool | None:
        """Whether the agency's account is active; None when the agency has no such account."""
        ...

    async def create(self, account: NewAccount) -> None:
        """Create an account no password opens (until a link sets one)."""
        ...

    async def set_active(self, username: str, *, active: bool) -> None:
        """Deactivating also ends the account's sessions."""
        ...

    async def open_session(self, username: str, lifetime: timedelta) -> str: ...


class PasswordLinks(Protocol):
    async def make(self, username: str, created_by: str, lifetime: timedelta) -> MadeLink:
        """A new link; the account's older open links stop working."""
        ...

    async def expire(self, username: str) -> None: ...

    async def use(self, token: str, password: str) -> str | None:
        """Set the password through an open link, used up; the account, or None if not open."""
        ...


class Logins(Protocol):
    async def failures(self, username: str, client: str, window: timedelta) -> LoginFailures:
        """Failed logins in the window: of this account from this client, and from this client."""
        ...

    async def password_hash(self, username: str) -> str | None:
        """The password hash of an active account; None for no such account."""
        ...

    async def record_failure(self, username: str, client: str) -> None: ...

    async def forget_failures(self, username: str, client: str) -> None: ...

    async def close_session(self, session_id: str) -> None: ...


class AuditLog(Protocol):
    async def record(self, entry: AuditEntry) -> None: ...


class UnitOfWork(Protocol):
    """One transaction: committed when the block ends normally, rolled back on an error."""

    @property
    def accounts(self) -> Accounts: ...

    @property
    def links(self) -> PasswordLinks: ...

    @property
    def audit(self) -> AuditLog: ...

    @property
    def logins(self) -> Logins: ...

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None: ...


UnitOfWorkFactory = Callable[[], UnitOfWork]
