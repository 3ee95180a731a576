"""The web UI over real HTTP: accounts, tenant scope, filters, exports, tokens, audit log."""

from __future__ import annotations

import html
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import httpx
from spin_contracts.claims import Role
from spin_portal.adapters.tables import AUDIT_LOG, UPLOAD_TOKENS, WEB_SESSIONS
from spin_portal.api.app import create_app
from spincore.auth.tokens import TokenVerifier
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.integration.portal.support import (
    add_users,
    csrf_of,
    log_in,
    portal_settings,
    publish,
    settled,
    small_dataset,
)
from tests.support.http import serving
from tests.support.isolation import Isolation


@dataclass
class Running:
    url: str
    engine: AsyncEngine

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(base_url=self.url, follow_redirects=False, timeout=30)


@asynccontextmanager
async def portal(isolated: Isolation, **overrides: object) -> AsyncIterator[Running]:
    settings = portal_settings(isolated, cookie_secure=False, **overrides)
    events = small_dataset()
    app = create_app(settings)
    async with serving(app) as url:
        engine = app.state.runtime.engine
        await publish(settings, events)
        await add_users(engine)
        await settled(engine, len(events))
        yield Running(url, engine)


async def test_login_failures_are_explained_and_rate_limited(isolated: Isolation) -> None:
    async with portal(isolated, login_max_failures=3) as running, running.client() as client:
        wrong = await log_in(client, "admin1", "not the password")
        assert wrong.status_code == 401
        assert "Wrong username or password." in wrong.text
        assert (await log_in(client, "nobody", "whatever123")).status_code == 401
        for _ in range(2):
            await log_in(client, "admin1", "still wrong")
        limited = await log_in(client, "admin1")  # even the right password waits here now
        assert limited.status_code == 429
        assert limited.headers["Retry-After"] == "30"
        assert (
            "Too many failed logins for this account from your address. "
            "Please wait 30 seconds before trying again."
        ) in limited.text
        forged = await client.post(
            "/login", data={"username": "admin1", "password": "x", "csrf_token": "forged"}
        )
        assert forged.status_code == 403
        assert "The login form has expired" in forged.text


async def test_sessions_cookies_and_csrf(isolated: Isolation) -> None:
    async with portal(isolated) as running, running.client() as client:
        assert (await client.get("/agencies/agency-1")).status_code == 401
        ok = await log_in(client, "admin1")
        assert ok.status_code == 303
        cookie = ok.headers["set-cookie"].lower()
        assert "httponly" in cookie
        assert "samesite=lax" in cookie
        assert (await client.get("/agencies/agency-1")).status_code == 200
        no_csrf = await client.post("/logout", data={"csrf_token": "guess"})
        assert no_csrf.status_code == 403
        assert "CSRF check" in no_csrf.text

        session = client.cookies["spin_portal_session"]
        client.cookies.set("spin_portal_session", session[:-3] + "abc")
        tampered = await client.get("/agencies/agency-1")
        assert tampered.status_code == 401
        assert "Your session cookie is not valid" in tampered.text

        client.cookies.set("spin_portal_session", session)
        async with running.engine.begin() as conn:
            await conn.execute(
                update(WEB_SESSIONS).values(
                    expires_at=func.now() - func.make_interval(0, 0, 0, 0, 1)
                )
            )
        expired = await client.get("/agencies/agency-1")
        assert expired.status_code == 401
        assert "Your session has expired; please log in again." in expired.text


async def _foreign_pages_and_bad_filters_refused(client: httpx.AsyncClient) -> None:
    """Another tenant's pages are 404; filters and exports that make no sense are 400."""
    for foreign in (
        "/agencies/agency-2",
        "/agencies/agency-3",
        "/institutes/inst-1",
        "/sites/site-2",
        "/agencies/agency-2/audit",
    ):
        other = await client.get(foreign)
        assert other.status_code == 404, foreign
        assert "There is no" in other.text
    for query, message in (
        ("from=2026-13", "from must be a month written like 2026-01"),
        ("to=yesterday", "to must be a month written like 2026-01"),
        ("from=2026-05&to=2026-01", "must not be after"),
        ("site=site-2", "is not a site of this agency"),
        ("site=DROP TABLE", "site must be an id"),
        ("practitioner=guide-2", "does not work for this agency"),
        ("export=nonsense", "This page has no table 'nonsense'"),
    ):
        bad = await client.get(f"/agencies/agency-1?{query}")
        assert bad.status_code == 400, query
        assert message in html.unescape(bad.text), query


async def _staff_sees_their_institute_only(running: Running) -> None:
    staff = running.client()
    await log_in(staff, "staff1")
    assert (await staff.get("/institutes/inst-1")).status_code == 200
    assert (await staff.get("/agencies/agency-3")).status_code == 200
    assert (await staff.get("/agencies/agency-2")).status_code == 404
    assert (await staff.get("/institutes/inst-2")).status_code == 404
    tokens = await staff.get("/agencies/agency-1/tokens")
    assert tokens.status_code == 403
    assert "Only the agency's admins" in html.unescape(tokens.text)
    await staff.aclose()


async def test_tenant_scope_filters_exports_and_audit(isolated: Isolation) -> None:
    async with portal(isolated) as running, running.client() as client:
        await log_in(client, "admin1")
        assert (await client.get("/", follow_redirects=True)).url.path == "/agencies/agency-1"
        await _foreign_pages_and_bad_filters_refused(client)

        csv = await client.get("/agencies/agency-1?export=sites")
        assert csv.status_code == 200
        assert csv.headers["content-type"].startswith("text/csv")
        assert csv.text.splitlines()[0].startswith("Site,Cases,Composite,F1,")
        page = await client.get("/agencies/agency-1?export=cases")
        case_code = page.text.splitlines()[1].split(",")[0]
        assert (await client.get(f"/cases/{case_code}")).status_code == 200
        audit = await client.get("/agencies/agency-1/audit")
        assert "case_viewed" in audit.text
        assert "export" in audit.text

        await _staff_sees_their_institute_only(running)
        async with running.engine.connect() as conn:
            actions = {
                r.action
                for r in await conn.execute(
                    select(AUDIT_LOG).where(AUDIT_LOG.c.username == "admin1")
                )
            }
        assert actions == {"case_viewed", "export"}


async def test_agency_admin_issues_and_revokes_site_upload_tokens(
    isolated: Isolation, auth_keys: tuple[object, object]
) -> None:
    async with (
        portal(isolated, auth_private_key_file=auth_keys[0]) as running,
        running.client() as client,
    ):
        await log_in(client, "admin1")
        page = await client.get("/agencies/agency-1/tokens")
        token_csrf = csrf_of(page)
        bad_site = await client.post(
            "/agencies/agency-1/tokens",
            data={"csrf_token": token_csrf, "site_id": "site-2", "valid_days": "5"},
        )
        assert bad_site.status_code == 400
        assert "is not a site of this agency" in bad_site.text
        too_long = await client.post(
            "/agencies/agency-1/tokens",
            data={"csrf_token": token_csrf, "site_id": "site-1", "valid_days": "900"},
        )
        assert too_long.status_code == 400
        assert "valid for 1 to 90" in too_long.text
        issued = await client.post(
            "/agencies/agency-1/tokens",
            data={"csrf_token": token_csrf, "site_id": "site-1", "valid_days": "5"},
        )
        assert issued.status_code == 200
        token = issued.text.split("data-token>")[1].split("<")[0]
        principal = TokenVerifier.from_file(auth_keys[1], "spin-vig").verify(token)  # type: ignore[arg-type]
        assert (principal.role, principal.agency_id, principal.site_id) == (
            Role.SITE_UPLOADER,
            "agency-1",
            "site-1",
        )
        revoked = await client.post(
            f"/agencies/agency-1/tokens/{principal.token_id}/revoke",
            data={"csrf_token": token_csrf},
        )
        assert revoked.status_code == 303
        again = await client.post(
            f"/agencies/agency-1/tokens/{principal.token_id}/revoke",
            data={"csrf_token": token_csrf},
        )
        assert again.status_code == 404
        async with running.engine.connect() as conn:
            row = (await conn.execute(select(UPLOAD_TOKENS))).one()
        assert (row.token_id, row.revoked_by) == (principal.token_id, "admin1")


async def test_institute_and_pipeline_exports_are_in_each_agencys_audit_log(
    isolated: Isolation,
) -> None:
    async with portal(isolated) as running, running.client() as staff:
        await log_in(staff, "staff1")
        for path in ("/institutes/inst-1?export=agencies", "/pipeline?export=uploads"):
            exported = await staff.get(path)
            assert exported.status_code == 200, path
            assert exported.headers["content-type"].startswith("text/csv")
        async with running.engine.connect() as conn:
            rows = await conn.execute(
                select(AUDIT_LOG.c.agency_id, AUDIT_LOG.c.subject).where(
                    AUDIT_LOG.c.username == "staff1", AUDIT_LOG.c.action == "export"
                )
            )
            logged = {(r.agency_id, r.subject) for r in rows}
        for agency in ("agency-1", "agency-3"):  # the agencies of inst-1
            assert (agency, "institute-inst-1 table agencies") in logged
            assert (agency, "pipeline table uploads") in logged
        assert not {agency for agency, _ in logged} - {"agency-1", "agency-3"}

        async with running.client() as admin:
            await log_in(admin, "admin1")
            audit = await admin.get("/agencies/agency-1/audit")
            assert "institute-inst-1 table agencies" in audit.text
            assert "pipeline table uploads" in audit.text
