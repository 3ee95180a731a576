"""The portal's account use cases on in-memory fakes: each commits its change, links and
audit lines in one unit of work, or nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from spin_portal.domain.accounts import PortalRole, Viewer
from spin_portal.service import accounts
from spin_portal.service.audit_log import record_audit
from spin_portal.service.ports import AuditEntry, NewAccount

from tests.unit.portal.fakes import Store

ADMIN = Viewer("ada", PortalRole.AGENCY_ADMIN, "inst-1", "agency-1", "csrf")
DAY = timedelta(hours=24)


def _new(username: str = "lee", agency_id: str = "agency-1") -> NewAccount:
    return NewAccount(username, PortalRole.PRACTITIONER, "inst-1", agency_id, "site-1", "prac-1")


async def _created(store: Store, username: str = "lee") -> str:
    command = accounts.CreateAccount(ADMIN, _new(username), DAY)
    return (await accounts.create_account(command, units=store)).token


async def test_a_new_account_comes_with_its_link_in_one_commit() -> None:
    store = Store()
    token = await _created(store)
    state = store.state
    assert state.commits == 1
    assert state.links == {token: "lee"}
    assert [e.action for e in state.audit] == ["account_created", "password_link_made"]
    assert state.audit[0].subject == "account lee (practitioner)"
    assert state.link_makers == ["ada"]


async def test_a_new_link_replaces_the_open_one() -> None:
    store = Store()
    first = await _created(store)
    command = accounts.MakeLink(ADMIN, "agency-1", "lee", DAY)
    second = (await accounts.make_link(command, units=store)).token
    assert store.state.links == {second: "lee"}
    assert first != second


async def test_another_agencys_account_does_not_exist() -> None:
    store = Store()
    await accounts.create_account(
        accounts.CreateAccount(ADMIN, _new("kim", "agency-2"), DAY), units=store
    )
    with pytest.raises(accounts.AccountNotFound):
        await accounts.make_link(accounts.MakeLink(ADMIN, "agency-1", "kim", DAY), units=store)
    with pytest.raises(accounts.AccountNotFound):
        await accounts.change_active(
            accounts.ChangeActive(ADMIN, "agency-1", "kim", active=False), units=store
        )
    assert store.state.commits == 1


async def test_deactivation_ends_sessions_and_links_and_blocks_new_links() -> None:
    store = Store()
    token = await _created(store)
    session = await accounts.set_password_by_link(token, "a long password", DAY, units=store)
    assert session is not None
    await _created(store, "sam")
    await accounts.change_active(
        accounts.ChangeActive(ADMIN, "agency-1", "lee", active=False), units=store
    )
    assert session not in store.state.sessions
    assert store.state.audit[-1].action == "account_deactivated"
    with pytest.raises(accounts.AccountDeactivated):
        await accounts.make_link(accounts.MakeLink(ADMIN, "agency-1", "lee", DAY), units=store)


async def test_a_link_sets_the_password_once() -> None:
    store = Store()
    token = await _created(store)
    session = await accounts.set_password_by_link(token, "a long password", DAY, units=store)
    assert session is not None
    assert store.state.sessions[session] == "lee"
    assert store.state.passwords == {"lee": "a long password"}
    assert await accounts.set_password_by_link(token, "another one", DAY, units=store) is None
    assert store.state.passwords == {"lee": "a long password"}


async def test_a_failed_use_case_leaves_nothing() -> None:
    store = Store()

    class BrokenError(Exception):
        pass

    async def failing() -> None:
        async with store() as uow:
            await uow.accounts.create(_new())
            raise BrokenError

    with pytest.raises(BrokenError):
        await failing()
    assert store.state.accounts == {}
    assert store.state.commits == 0


async def test_changes_made_in_the_planner_are_audited() -> None:
    store = Store()
    entry = AuditEntry(ADMIN, "downloads_stopped", "agency agency-1", agency_id="agency-1")
    await record_audit(entry, units=store)
    assert store.state.audit == [entry]
