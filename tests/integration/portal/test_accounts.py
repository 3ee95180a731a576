"""Accounts for every person: agency admins create them, a single-use link sets the password."""

from __future__ import annotations

import html
import re

import httpx
from spin_portal.adapters.accounts import create_user
from spin_portal.adapters.tables import (
    AUDIT_LOG,
    PRACTITIONERS,
    USERS,
    WEB_SESSIONS,
)
from spin_portal.domain.accounts import PortalRole
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.integration.portal.password_links import (
    LINK,
    NEW_PASSWORD,
    account_stored_with_the_link_hash,
    create_account,
    link_sets_the_password_once,
    links_expire_and_are_replaced,
)
from tests.integration.portal.support import PASSWORD, csrf_of, log_in
from tests.integration.portal.test_web import Running, portal
from tests.support.isolation import Isolation


async def practitioner_of(engine: AsyncEngine, agency_id: str) -> tuple[str, str, str]:
    """(id, display name, site id) of one practitioner of the agency in the read model."""
    async with engine.connect() as conn:
        row = (
            await conn.execute(
                select(PRACTITIONERS)
                .where(PRACTITIONERS.c.agency_id == agency_id)
                .order_by(PRACTITIONERS.c.practitioner_id)
            )
        ).first()
    assert row is not None
    return row.practitioner_id, row.display_name, row.site_id


async def test_a_created_account_sets_its_password_through_a_single_use_link(
    isolated: Isolation,
) -> None:
    async with portal(isolated) as running, running.client() as admin:
        practitioner_id, name, site_id = await practitioner_of(running.engine, "agency-1")
        await log_in(admin, "admin1")
        page = await admin.get("/accounts")
        assert page.status_code == 200
        assert name in page.text
        created, link = await create_account(
            admin, username="lee", role="practitioner", practitioner_id=practitioner_id
        )
        assert created.status_code == 200, created.text
        assert link is not None
        assert "it is not shown again" in created.text
        assert LINK.search((await admin.get("/accounts")).text) is None  # shown once
        await account_stored_with_the_link_hash(running, link, practitioner_id, site_id)
        assert (await log_in(running.client(), "lee", NEW_PASSWORD)).status_code == 401

        await link_sets_the_password_once(running, link)
        assert (await log_in(running.client(), "lee", NEW_PASSWORD)).status_code == 303
        await links_expire_and_are_replaced(running, admin)
        async with running.engine.connect() as conn:
            actions = (
                await conn.scalars(
                    select(AUDIT_LOG.c.action + " " + AUDIT_LOG.c.subject).order_by(AUDIT_LOG.c.id)
                )
            ).all()
        assert actions == [
            "account_created account lee (practitioner)",
            "password_link_made account lee",
            "password_link_made account lee",
            "password_link_made account lee",
        ]


async def _supervisor_account(running: Running) -> None:
    """dana: a supervisor of agency-1 who is also its practitioner."""
    practitioner_id, _, site_id = await practitioner_of(running.engine, "agency-1")
    async with running.engine.begin() as conn:
        await create_user(
            conn,
            username="dana",
            password=PASSWORD,
            role=PortalRole.SUPERVISOR,
            institute_id="inst-1",
            agency_id="agency-1",
            site_id=site_id,
            practitioner_id=practitioner_id,
        )


async def _other_agency_admin_sees_no_dana(running: Running) -> httpx.AsyncClient:
    """Another agency's admin neither lists dana nor acts on the account."""
    other = running.client()
    await log_in(other, "admin2")
    assert "dana" not in (await other.get("/accounts")).text
    other_csrf = csrf_of(await other.get("/accounts"))
    for action in ("deactivate", "reactivate", "link"):
        foreign = await other.post(f"/accounts/dana/{action}", data={"csrf_token": other_csrf})
        assert foreign.status_code == 404, action
        assert "There is no account 'dana' here." in html.unescape(foreign.text)
    return other


async def test_deactivation_ends_sessions_and_admins_act_only_in_their_agency(
    isolated: Isolation,
) -> None:
    async with portal(isolated) as running, running.client() as admin:
        await _supervisor_account(running)
        person = running.client()
        await log_in(person, "dana")
        assert (await person.get("/")).headers["location"] == "/workspace"
        refused = await person.get("/accounts")
        assert refused.status_code == 403
        assert "Only an agency's admins may manage its accounts." in html.unescape(refused.text)

        other = await _other_agency_admin_sees_no_dana(running)

        await log_in(admin, "admin1")
        csrf = csrf_of(await admin.get("/accounts"))
        assert (await admin.post("/accounts/dana/deactivate")).status_code == 403  # no CSRF token
        own = await admin.post("/accounts/admin1/deactivate", data={"csrf_token": csrf})
        assert own.status_code == 400
        done = await admin.post("/accounts/dana/deactivate", data={"csrf_token": csrf})
        assert (done.status_code, done.headers["location"]) == (303, "/accounts")
        assert (await person.get("/")).status_code == 401  # the open session ended at once
        async with running.engine.connect() as conn:
            sessions = await conn.scalar(
                select(func.count()).where(WEB_SESSIONS.c.username == "dana")
            )
        assert sessions == 0
        assert (await log_in(running.client(), "dana")).status_code == 401
        no_link = await admin.post("/accounts/dana/link", data={"csrf_token": csrf})
        assert no_link.status_code == 409
        assert "is deactivated; reactivate it first" in html.unescape(no_link.text)
        listed = await admin.get("/accounts")
        assert re.search(r'data-account="dana">.*?<td>no</td>', listed.text, re.S)

        await admin.post("/accounts/dana/reactivate", data={"csrf_token": csrf})
        assert (await log_in(running.client(), "dana")).status_code == 303
        staff = running.client()
        await log_in(staff, "staff1")
        assert (await staff.get("/accounts")).status_code == 403
        async with running.engine.connect() as conn:
            actions = (
                await conn.scalars(
                    select(AUDIT_LOG.c.action).where(AUDIT_LOG.c.username == "admin1")
                )
            ).all()
        assert actions == ["account_deactivated", "account_reactivated"]
        for client in (person, other, staff):
            await client.aclose()


async def test_bad_input_is_explained_next_to_the_field_and_kept(isolated: Isolation) -> None:
    async with portal(isolated) as running, running.client() as admin:
        mine, _, _ = await practitioner_of(running.engine, "agency-1")
        foreign, _, _ = await practitioner_of(running.engine, "agency-2")
        await log_in(admin, "admin1")
        cases = [
            ({"username": "", "practitioner_id": mine}, "username", "Please give a username."),
            ({"username": "admin2", "practitioner_id": mine}, "username", "is taken"),
            ({"username": "has space", "practitioner_id": mine}, "username", "no spaces"),
            (
                {"username": "kim", "practitioner_id": foreign},
                "practitioner_id",
                "is not a practitioner of this agency",
            ),
            ({"username": "kim"}, "practitioner_id", "Please choose the practitioner"),
            (
                {"username": "kim", "practitioner_id": mine, "site_id": "site-2"},
                "site_id",
                "Please choose a site of this agency.",
            ),
            (
                {"username": "kim", "role": "institute_staff"},
                "role",
                "Please choose practitioner, supervisor or agency admin.",
            ),
        ]
        for fields, field, sentence in cases:
            created, link = await create_account(admin, **{"role": "practitioner", **fields})
            text = html.unescape(created.text)
            assert (created.status_code, link) == (400, None), fields
            problem = re.search(rf'id="{field}-problem" role="alert">([^<]+)<', text)
            assert problem is not None, (fields, text)
            assert sentence in problem.group(1), fields
            if fields["username"]:
                assert f'name="username" value="{fields["username"]}"' in text
            if fields.get("practitioner_id") == mine:
                assert f'value="{fields["practitioner_id"]}" selected' in created.text
        admin_account, link = await create_account(
            admin, username="second-admin", role="agency_admin"
        )
        assert (admin_account.status_code, link is not None) == (200, True)
        async with running.engine.connect() as conn:
            users = (await conn.scalars(select(USERS.c.username).order_by(USERS.c.username))).all()
        assert users == ["admin1", "admin2", "second-admin", "staff1"]
