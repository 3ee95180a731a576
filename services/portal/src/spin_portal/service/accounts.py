"""The agency admin's account management and the set-password links, as use cases.

Each use case runs in one unit of work: the account change, its link and its audit lines
commit together or not at all. The routes check the form and map the errors to pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from spin_portal.domain.accounts import Viewer
from spin_portal.service.ports import AuditEntry, MadeLink, NewAccount, UnitOfWork
from spin_portal.service.ports import UnitOfWorkFactory as Units


class AccountNotFound(LookupError):  # noqa: N818 - a refusal, mapped to 404
    """The agency has no such account (another agency's accounts do not exist for it)."""


class AccountDeactivated(Exception):  # noqa: N818 - a refusal, mapped to 409
    """The account is deactivated: it gets no link before it is reactivated."""


@dataclass(frozen=True)
class CreateAccount:
    by: Viewer
    account: NewAccount
    link_valid_for: timedelta


@dataclass(frozen=True)
class MakeLink:
    by: Viewer
    agency_id: str
    username: str
    valid_for: timedelta


@dataclass(frozen=True)
class ChangeActive:
    by: Viewer
    agency_id: str
    username: str
    active: bool


async def create_account(command: CreateAccount, *, units: Units) -> MadeLink:
    """A new account, unusable until its set-password link (returned) is used."""
    account = command.account
    async with units() as uow:
        await uow.accounts.create(account)
        subject = f"account {account.username} ({account.role.value})"
        await uow.audit.record(
            AuditEntry(command.by, "account_created", subject, agency_id=account.agency_id)
        )
        return await _link(uow, command.by, account.username, command.link_valid_for)


async def make_link(command: MakeLink, *, units: Units) -> MadeLink:
    """A new set-password link for an active account of the agency."""
    async with units() as uow:
        active = await uow.accounts.active_in(command.agency_id, command.username)
        if active is None:
            raise AccountNotFound(command.username)
        if not active:
            raise AccountDeactivated(command.username)
        return await _link(uow, command.by, command.username, command.valid_for)


async def _link(uow: UnitOfWork, by: Viewer, username: str, valid_for: timedelta) -> MadeLink:
    made = await uow.links.make(username, by.username, valid_for)
    entry = AuditEntry(by, "password_link_made", f"account {username}", agency_id=by.agency_id)
    await uow.audit.record(entry)
    return made


async def change_active(command: ChangeActive, *, units: Units) -> None:
    """Deactivate (its sessions and open links end at once) or reactivate an account."""
    async with units() as uow:
        if await uow.accounts.active_in(command.agency_id, command.username) is None:
            raise AccountNotFound(command.username)
        await uow.accounts.set_active(command.username, active=command.active)
        if not command.active:
            # A link handed out before must not open the account again after a reactivation.
            await uow.links.expire(command.username)
        action = "account_reactivated" if command.active else "account_deactivated"
        entry = AuditEntry(
            command.by, action, f"account {command.username}", agency_id=command.agency_id
        )
        await uow.audit.record(entry)


async def set_password_by_link(
    token: str, password: str, session_lifetime: timedelta, *, units: Units
) -> str | None:
    """Use an open link: the password is set and a session opened (its id returned); None
    when the link was used or expired meanwhile (by another request, a moment ago)."""
    async with units() as uow:
        username = await uow.links.use(token, password)
        if username is None:
            return None
        return await uow.accounts.open_session(username, session_lifetime)
