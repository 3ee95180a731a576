"""Password links of the accounts tests: an account made by its admin, its single-use link, the
password set through it, and links that expire or are replaced."""

from __future__ import annotations

import hashlib
import re

import httpx
from spin_portal.adapters.tables import PASSWORD_LINKS, USERS
from sqlalchemy import func, select, update

from tests.integration.portal.support import csrf_of
from tests.integration.portal.test_web import Running

LINK = re.compile(r"<p class=\"token\" data-link>[^<]*(/set-password/[^<]+)</p>")


NEW_PASSWORD = "a long enough secret"


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


async def account_stored_with_the_link_hash(
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


async def link_sets_the_password_once(running: Running, link: str) -> None:
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
