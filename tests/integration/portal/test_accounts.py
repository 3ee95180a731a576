"""Accounts for every person: agency admins create them, a single-use link sets the password."""

from __future__ import annotations

import hashlib
import html
import re

import httpx
from spin_portal.adapters.accounts import create_user
from spin_portal.adapters.tables import (
    AUDIT_LOG,
    PASSWORD_LINKS,
    PRACTITIONERS,
    USERS,
    WEB_SESSIONS,
)
from spin_portal.domain.accounts import PortalRole
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.integration.portal.support import PASSWORD, csrf_of, log_in
from tests.integration.portal.test_web import Running, portal
from tests.support.isolation import Isolation

LINK = re.compile(r"<p class=\"token\" data-link>[^<]*(/set-password/[^<]+)</p>")
NEW_PASSWORD = "a long enough secret"


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


async def create_account(
    client: httpx.AsyncClient, **fields: str
) -> tuple[httpx.Response, str | None]:
    page = await client.get("/accounts")
    created = await client.post("/accounts", data={"csrf_token": csrf_of(page), **fields})
    link = LINK.search(created.text)
    return created, link.group(1) if link else None


async def set_password(
    client: httpx.AsyncClient, link: str, password: str, again: str | None = None
) -> httpx.Response:
    form = await client.get(link)
    assert form.status_code == 200, form.text
    return await client.post(
        link,
        data={
            "csrf_token": csrf_of(form),
            "password": password,
            "password_again": again or password,
        },
    )


async def _account_stored_with_the_link_hash(
    running: Running, link: str, practitioner_id: str, site_id: str
) -> None:
    """The account as made, and only the link token's hash stored."""
    token = link.rsplit("/", 1)[1]
    async with running.engine.connect() as conn:
        account = (await conn.execute(select(USERS).where(USERS.c.username == "lee"))).one()
        hashes = (await conn.scalars(select(PASSWORD_LINKS.c.token_hash))).all()
    assert (account.role, account.agency_id, account.institute_id) == (
        "practitioner",
        "agency-1",
        "inst-1",
    )
    assert (account.practitioner_id, account.site_id) == (practitioner_id, site_id)
    assert hashes == [hashlib.sha256(token.encode()).hexdigest()]


async def _link_sets_the_password_once(running: Running, link: str) -> None:
    """A forged, short or differing password is refused; the link then works once."""
    async with running.client() as person:
        form = await person.get(link)
        assert "data-username>lee<" in form.text
        assert form.headers["referrer-policy"] == "no-referrer"
        forged = await person.post(
            link,
            data={
                "csrf_token": "forged",
                "password": NEW_PASSWORD,
                "password_again": NEW_PASSWORD,
            },
        )
        assert forged.status_code == 403
        short = await set_password(person, link, "short")
        assert short.status_code == 400
        assert "at least 10 characters" in short.text
        differ = await set_password(person, link, NEW_PASSWORD, "another long secret")
        assert differ.status_code == 400
        assert "The two passwords differ" in differ.text
        done = await set_password(person, link, NEW_PASSWORD)
        assert (done.status_code, done.headers["location"]) == (303, "/")
        home = await person.get("/")
        assert (home.status_code, home.headers["location"]) == (303, "/workspace")
        assert (await person.get("/accounts")).status_code == 403

        again = await person.get(link)
        assert again.status_code == 410
        assert "This link has been used already." in again.text
        assert "agency admin can make you a new link" in again.text
        reused = await person.post(
            link, data={"csrf_token": "x", "password": "y" * 12, "password_again": "y" * 12}
        )
        assert reused.status_code == 410


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
        await _account_stored_with_the_link_hash(running, link, practitioner_id, site_id)
        assert (await log_in(running.client(), "lee", NEW_PASSWORD)).status_code == 401

        await _link_sets_the_password_once(running, link)
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


async def links_expire_and_are_replaced(running: Running, admin: httpx.AsyncClient) -> None:
    async def new_link() -> str:
        made = await admin.post(
            "/accounts/lee/link", data={"csrf_token": csrf_of(await admin.get("/accounts"))}
        )
        found = LINK.search(made.text)
        assert found is not None, made.text
        return found.group(1)

    first, second = await new_link(), await new_link()
    replaced = await running.client().get(first)
    assert replaced.status_code == 410
    assert "This link has expired, or a newer link was made." in replaced.text
    assert (await running.client().get(second)).status_code == 200
    async with running.engine.begin() as conn:
        await conn.execute(
            update(PASSWORD_LINKS).values(expires_at=func.now() - func.make_interval(0, 0, 0, 0, 1))
        )
    expired = await running.client().get(second)
    assert expired.status_code == 410
    assert "This link has expired" in expired.text
    unknown = await running.client().get("/set-password/not-a-link-of-anyone")
    assert unknown.status_code == 404
    assert "This link is not known" in unknown.text


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
