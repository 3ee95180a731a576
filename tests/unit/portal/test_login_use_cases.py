"""Logging in on in-memory fakes: a session for the right password, a recorded failure for a
wrong one, a wait once the throttle says so, and the failures forgotten after a login."""

from __future__ import annotations

from datetime import timedelta

from spin_portal.domain.login_throttle import LoginThrottle, Refusal
from spin_portal.service import logins

from tests.unit.portal.fakes import Store

THROTTLE = LoginThrottle(free_failures=2, first_wait_s=30, window_s=900, address_factor=4)
HOUR = timedelta(hours=1)


def _store() -> Store:
    store = Store()
    store.state.active["lee"] = True
    store.state.passwords["lee"] = "right horse battery"
    return store


def _matches(stored: str | None, password: str) -> bool:
    return stored is not None and stored == password


async def _attempt(store: Store, password: str, username: str = "lee") -> logins.LoginOutcome:
    command = logins.LogIn(username, password, "10.0.0.7", HOUR)
    return await logins.log_in(command, units=store, throttle=THROTTLE, password_matches=_matches)


async def test_the_right_password_opens_a_session() -> None:
    store = _store()
    outcome = await _attempt(store, "right horse battery")
    assert isinstance(outcome, logins.LoggedIn)
    assert store.state.sessions == {outcome.session_id: "lee"}
    assert store.state.lifetimes == [HOUR]


async def test_a_wrong_password_and_an_unknown_account_answer_alike() -> None:
    store = _store()
    assert isinstance(await _attempt(store, "wrong"), logins.WrongCredentials)
    assert isinstance(await _attempt(store, "wrong", "nobody"), logins.WrongCredentials)
    assert [f[0] for f in store.state.failures] == ["lee", "nobody"]
    assert store.state.sessions == {}


async def test_failures_beyond_the_free_ones_make_the_pair_wait() -> None:
    store = _store()
    for _ in range(2):
        await _attempt(store, "wrong")
    waiting = await _attempt(store, "right horse battery")
    assert isinstance(waiting, Refusal)
    assert 0 < waiting.wait_s <= 30
    assert not waiting.from_address
    assert store.state.sessions == {}


async def test_a_login_forgets_the_pairs_failures_and_logout_ends_the_session() -> None:
    store = _store()
    await _attempt(store, "wrong")
    outcome = await _attempt(store, "right horse battery")
    assert isinstance(outcome, logins.LoggedIn)
    assert store.state.failures == []
    await logins.log_out(outcome.session_id, units=store)
    assert store.state.sessions == {}
