"""Practitioners and supervisors work their cases in the workspace, where the planner decides
case by case (their own, an apprentice's under consent, blind coding): the audit pages of
their agency do not exist for them, nor its cases, footage or pipeline."""

from __future__ import annotations

from spin_portal.adapters.accounts import create_user
from spin_portal.domain.accounts import PortalRole

from tests.integration.portal.support import PASSWORD, log_in
from tests.integration.portal.test_web import portal
from tests.support.isolation import Isolation


async def test_the_audit_pages_do_not_exist_for_practitioners_and_supervisors(
    isolated: Isolation,
) -> None:
    async with portal(isolated) as running, running.client() as admin:
        async with running.engine.begin() as conn:
            for username, role in (
                ("guide1", PortalRole.PRACTITIONER),
                ("super1", PortalRole.SUPERVISOR),
            ):
                await create_user(
                    conn,
                    username=username,
                    password=PASSWORD,
                    role=role,
                    institute_id="inst-1",
                    agency_id="agency-1",
                    site_id="site-1",
                    practitioner_id=f"{username}-id",
                )
        await log_in(admin, "admin1")
        cases = await admin.get("/agencies/agency-1?export=cases")
        case_code = cases.text.splitlines()[1].split(",")[0]
        assert (await admin.get(f"/cases/{case_code}")).status_code == 200
        for username in ("guide1", "super1"):
            async with running.client() as person:
                await log_in(person, username)
                home = await person.get("/", follow_redirects=True)
                assert home.url.path == "/workspace", username
                for page in (
                    "/agencies/agency-1",
                    "/agencies/agency-1?export=cases",
                    "/sites/site-1",
                    "/practitioners/guide-1",
                    f"/cases/{case_code}",
                    "/agencies/agency-1/audit",
                    "/agencies/agency-1/report",
                    "/pipeline",
                    "/pipeline?agency=agency-1",
                    "/institutes/inst-1",
                ):
                    answer = await person.get(page)
                    assert answer.status_code == 404, (username, page, answer.status_code)
                    assert "There is no" in answer.text, (username, page)
