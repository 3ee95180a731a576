"""What the portal's write use cases need, named by them: a unit of work owning one
transaction, and in it the accounts, the set-password links, logins, the audit log, people's
and institutes' choices, site upload tokens and the outbox.

`adapters/unit_of_work.py` implements these over PostgreSQL; the unit tests over memory.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import TracebackType
from typing import Protocol, Self

from spin_contracts.events.envelope import Envelope, Event

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


class Preferences(Protocol):
    async def keep_language(self, username: str, language: str | None) -> None:
        """The person's own language; None goes back to the institute's default."""
        ...

    async def keep_time_zone(self, institute_id: str, zone: str | None) -> None:
        """The institute's time zone; None goes back to the deployment's default."""
        ...


@dataclass(frozen=True)
class IssuedToken:
    token_id: str
    agency_id: str
    site_id: str
    issued_by: str
    expires_at: datetime


class UploadTokens(Protocol):
    async def record(self, token: IssuedToken) -> None: ...

    async def revoke(self, agency_id: str, token_id: str, by: str, at: datetime) -> str | None:
        """Revoke the agency's active token; its site, or None when it has no such token."""
        ...


class Outbox(Protocol):
    async def add(self, envelope: Envelope, event: Event) -> None:
        """The event, published once the unit of work commits (and only then)."""
        ...


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

    @property
    def preferences(self) -> Preferences: ...

    @property
    def upload_tokens(self) -> UploadTokens: ...

    @property
    def outbox(self) -> Outbox: ...

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None: ...


UnitOfWorkFactory = Callable[[], UnitOfWork]
