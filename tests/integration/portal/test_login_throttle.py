"""Failed logins slow down one account at one address, not the account everywhere; the
address is the socket's unless a trusted proxy forwarded it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from spin_portal.api.app import create_app
from spincore.http_protocol import http_options

from tests.integration.portal.support import add_users, log_in, portal_settings
from tests.support.http import serving
from tests.support.isolation import Isolation

pytestmark = pytest.mark.integration


def came_from(address: str) -> dict[str, str]:
    return {"X-Forwarded-For": address}


@asynccontextmanager
async def login_page(isolated: Isolation, **overrides: Any) -> AsyncIterator[httpx.AsyncClient]:
    """A portal with accounts (no dataset), served as the services serve, and a client."""
    settings = portal_settings(
        isolated, cookie_secure=False, login_max_failures=2, login_first_wait_s=5, **overrides
    )
    app = create_app(settings)
    async with serving(app, **http_options(settings)) as url:
        await add_users(app.state.runtime.engine)
        async with httpx.AsyncClient(base_url=url, timeout=30) as client:
            yield client


async def fail(client: httpx.AsyncClient, times: int, address: str, user: str = "staff1") -> None:
    for _ in range(times):
        wrong = await log_in(client, user, "wrong password", came_from(address))
        assert wrong.status_code == 401, wrong.text


async def test_one_address_failing_does_not_lock_the_account_elsewhere(
    isolated: Isolation,
) -> None:
    async with login_page(isolated, trusted_proxies=["127.0.0.1"]) as client:
        await fail(client, 2, "203.0.113.7")
        waits = await log_in(client, "staff1", headers=came_from("203.0.113.7"))
        assert waits.status_code == 429
        left = int(waits.headers["Retry-After"])
        assert 1 <= left <= 5
        assert f"Please wait {left} second" in waits.text
        elsewhere = await log_in(client, "staff1", headers=came_from("198.51.100.20"))
        assert elsewhere.status_code == 303  # the auditor at the office still gets in

        await asyncio.sleep(5.1)
        await fail(client, 1, "203.0.113.7")  # the third failure: the wait doubles
        doubled = await log_in(client, "staff1", "wrong again", came_from("203.0.113.7"))
        assert doubled.status_code == 429
        assert 6 <= int(doubled.headers["Retry-After"]) <= 10
        await asyncio.sleep(10.1)
        allowed = await log_in(client, "staff1", headers=came_from("203.0.113.7"))
        assert allowed.status_code == 303
        fresh = await log_in(client, "staff1", "one slip", came_from("203.0.113.7"))
        assert fresh.status_code == 401  # a login forgets the pair's earlier failures


async def test_one_address_guessing_across_accounts_is_stopped(isolated: Isolation) -> None:
    async with login_page(isolated, trusted_proxies=["127.0.0.1"]) as client:
        for number in range(8):  # 2 failures x 4 accounts' worth, one per made-up account
            await fail(client, 1, "203.0.113.9", user=f"guess{number}")
        stopped = await log_in(client, "admin1", headers=came_from("203.0.113.9"))
        assert stopped.status_code == 429
        assert "Too many failed logins from your address" in stopped.text
        other = await log_in(client, "admin1", headers=came_from("198.51.100.1"))
        assert other.status_code == 303


async def test_a_forwarded_address_is_ignored_without_a_trusted_proxy(
    isolated: Isolation,
) -> None:
    async with login_page(isolated) as client:
        for number in range(8):  # the address's own limit
            await fail(client, 1, f"203.0.113.{number}", user=f"guess{number}")
        posing = await log_in(client, "admin1", headers=came_from("198.51.100.20"))
        assert posing.status_code == 429  # still the same socket address: it waits
        assert "Too many failed logins from your address" in posing.text
