"""In-memory accounts, links, logins, audit log, choices, upload tokens and outbox behind the
portal's write ports."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Self

from spin_contracts.events.envelope import Envelope, Event
from spin_portal.domain.login_throttle import LoginFailures
from spin_portal.service.ports import AuditEntry, IssuedToken, MadeLink, NewAccount


@dataclass
class Stored:
    """What a committed unit of work leaves: the state the next one starts from."""

    accounts: dict[str, NewAccount] = field(default_factory=dict)
    active: dict[str, bool] = field(default_factory=dict)
    passwords: dict[str, str] = field(default_factory=dict)
    sessions: dict[str, str] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)  # open link token -> username
    audit: list[AuditEntry] = field(default_factory=list)
    commits: int = 0
    lifetimes: list[timedelta] = field(default_factory=list)  # of sessions and links, in order
    link_makers: list[str] = field(default_factory=list)
    failures: list[tuple[str, str, datetime]] = field(default_factory=list)  # user, client, at
    languages: dict[str, str] = field(default_factory=dict)  # username -> language
    zones: dict[str, str] = field(default_factory=dict)  # institute -> time zone
    tokens: dict[str, IssuedToken] = field(default_factory=dict)
    revoked: dict[str, str] = field(default_factory=dict)  # token id -> by
    outbox: list[tuple[Envelope, Event]] = field(default_factory=list)

    def copy(self) -> Stored:
        return copy.deepcopy(self)


class FakeAccounts:
    def __init__(self, state: Stored) -> None:
        self.state = state

    async def active_in(self, agency_id: str, username: str) -> bool | None:
        account = self.state.accounts.get(username)
        if account is None or account.agency_id != agency_id:
            return None
        return self.state.active[username]

    async def create(self, account: NewAccount) -> None:
        self.state.accounts[account.username] = account
        self.state.active[account.username] = True

    async def set_active(self, username: str, *, active: bool) -> None:
        self.state.active[username] = active
        if not active:
            for session, owner in list(self.state.sessions.items()):
                if owner == username:
                    del self.state.sessions[session]

    async def open_session(self, username: str, lifetime: timedelta) -> str:
        session = f"session-{len(self.state.lifetimes) + 1}"
        self.state.lifetimes.append(lifetime)
        self.state.sessions[session] = username
        return session


class FakeLinks:
    def __init__(self, state: Stored) -> None:
        self.state = state

    async def make(self, username: str, created_by: str, lifetime: timedelta) -> MadeLink:
        await self.expire(username)
        self.state.link_makers.append(created_by)
        self.state.lifetimes.append(lifetime)
        token = f"link-{username}-{len(self.state.audit)}"
        self.state.links[token] = username
        return MadeLink(token, datetime(2026, 5, 1, tzinfo=UTC) + lifetime)

    async def expire(self, username: str) -> None:
        for token, owner in list(self.state.links.items()):
            if owner == username:
                del self.state.links[token]

    async def use(self, token: str, password: str) -> str | None:
        username = self.state.links.pop(token, None)
        if username is None or not self.state.active.get(username):
            return None
        self.state.passwords[username] = password
        return username


class FakeLogins:
    def __init__(self, state: Stored) -> None:
        self.state = state

    async def failures(self, username: str, client: str, window: timedelta) -> LoginFailures:
        since = datetime.now(UTC) - window
        recent = [(u, c, at) for u, c, at in self.state.failures if c == client and at >= since]
        pair = [at for u, _, at in recent if u == username]
        return LoginFailures(
            len(pair),
            max(pair, default=None),
            len(recent),
            max((a for *_, a in recent), default=None),
        )

    async def password_hash(self, username: str) -> str | None:
        active = self.state.active.get(username)
        return self.state.passwords.get(username) if active else None

    async def record_failure(self, username: str, client: str) -> None:
        self.state.failures.append((username, client, datetime.now(UTC)))

    async def forget_failures(self, username: str, client: str) -> None:
        kept = [f for f in self.state.failures if (f[0], f[1]) != (username, client)]
        self.state.failures[:] = kept

    async def close_session(self, session_id: str) -> None:
        self.state.sessions.pop(session_id, None)


class FakeAudit:
    def __init__(self, state: Stored) -> None:
        self.state = state

    async def record(self, entry: AuditEntry) -> None:
        self.state.audit.append(entry)


class FakePreferences:
    def __init__(self, state: Stored) -> None:
        self.state = state

    async def keep_language(self, username: str, language: str | None) -> None:
        _keep(self.state.languages, username, language)

    async def keep_time_zone(self, institute_id: str, zone: str | None) -> None:
        _keep(self.state.zones, institute_id, zone)


def _keep(chosen: dict[str, str], owner: str, value: str | None) -> None:
    if value is None:
        chosen.pop(owner, None)
    else:
        chosen[owner] = value


class FakeUploadTokens:
    def __init__(self, state: Stored) -> None:
        self.state = state

    async def record(self, token: IssuedToken) -> None:
        self.state.tokens[token.token_id] = token

    async def revoke(self, agency_id: str, token_id: str, by: str, at: datetime) -> str | None:
        del at  # the fakes keep no times of revocations
        token = self.state.tokens.get(token_id)
        if token is None or token.agency_id != agency_id or token_id in self.state.revoked:
            return None
        self.state.revoked[token_id] = by
        return token.site_id


class FakeOutbox:
    def __init__(self, state: Stored) -> None:
        self.state = state

    async def add(self, envelope: Envelope, event: Event) -> None:
        self.state.outbox.append((envelope, event))


class FakeUnitOfWork:
    """Works on a copy of the stored state; only a commit makes the copy the stored state."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.state = store.state.copy()
        self.accounts = FakeAccounts(self.state)
        self.links = FakeLinks(self.state)
        self.audit = FakeAudit(self.state)
        self.logins = FakeLogins(self.state)
        self.preferences = FakePreferences(self.state)
        self.upload_tokens = FakeUploadTokens(self.state)
        self.outbox = FakeOutbox(self.state)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if kind is None:
            self.state.commits += 1
            self.store.state = self.state


class Store:
    def __init__(self) -> None:
        self.state = Stored()

    def __call__(self) -> FakeUnitOfWork:
        return FakeUnitOfWork(self)
