"""An agency admin places and lifts a legal hold in headless Chromium, through the running
stack: a reason too short is refused beside the field, the hold shows as active, transcode
learns of it, lifting it shows, and both steps are in the agency's audit log."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from playwright.async_api import Browser, Response, expect
from spin_contracts.claims import Role
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from tests.e2e.conftest import Stack
from tests.e2e.workspace.steps import (
    log_in,
    portal_account,
    register_agency,
    reload_until,
    shot,
)

pytestmark = pytest.mark.e2e
REASON = "Court order 2026/114: keep the footage until the appeal is decided"


def open_case_in_planner(stack: Stack, agency_id: str, institute_id: str, guide: str) -> str:
    token = stack.issuer.mint(
        subject=guide, role=Role.PRACTITIONER, institute_id=institute_id, agency_id=agency_id
    )
    answer = httpx.post(
        f"{stack.url('planner')}/cases",
        json={
            "delivery_setting": "foster_kinship",
            "caregivers": [{"relation": "foster mother"}],
            "children": [{"age": 4}],
            "opened_on": (datetime.now(UTC) - timedelta(days=3)).date().isoformat(),
        },
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    assert answer.status_code == 201, answer.text
    code: str = answer.json()["case_code"]  # the planner gives codes
    return code


async def test_an_agency_admin_places_and_lifts_a_legal_hold(
    stack: Stack, browser: Browser
) -> None:
    agency = register_agency(stack)
    code = open_case_in_planner(
        stack, agency.agency_id, agency.institute_id, agency.practitioner_id
    )
    username, password = portal_account(agency, "agency_admin")
    portal = stack.url("portal")
    context = await browser.new_context(timezone_id="UTC", viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    await log_in(page, portal, username, password)

    async def found(answer: Response | None) -> bool:
        return answer is not None and answer.status == 200

    await reload_until(page, f"{portal}/cases/{code}", found, "the case (status 200)")
    await page.click("a:text('Legal holds')")
    await expect(page.locator("h1")).to_contain_text(f"Legal holds of case {code}")
    await page.fill("#hold-reason", "no")
    await page.click("button:text('Place legal hold')")
    await expect(page.locator("p.error")).to_contain_text("Give the reason for the hold")
    await shot(page, "hold-refused")

    await page.fill("#hold-reason", REASON)
    await page.click("button:text('Place legal hold')")
    row = page.locator("table[data-table=holds] tbody tr")
    await expect(row).to_have_count(1)
    await expect(row).to_contain_text("active: erasure suspended")
    await expect(row).to_contain_text(REASON)
    await shot(page, "hold-placed")
    await transcode_holds(stack, code, 1)

    await page.click("button:text('Lift')")
    await expect(row).to_contain_text("lifted")
    await shot(page, "hold-lifted")
    await transcode_holds(stack, code, 0)
    await page.goto(f"{portal}/agencies/{agency.agency_id}/audit")
    audit = await page.content()
    assert "legal_hold_placed" in audit
    assert "legal_hold_lifted" in audit
    await context.close()


async def transcode_holds(stack: Stack, case_code: str, expected: int) -> None:
    """Until transcode's own table (which the erasure runner reads) has `expected` active holds
    of the case."""
    engine = create_async_engine(stack.env["SPIN_DATABASE_URL"])
    query = text(
        "SELECT count(*) FROM transcode.legal_holds WHERE case_code = :code AND lifted_at IS NULL"
    )
    try:
        for _ in range(120):
            async with engine.connect() as conn:
                if await conn.scalar(query, {"code": case_code}) == expected:
                    return
            await asyncio.sleep(0.5)
    finally:
        await engine.dispose()
    raise AssertionError(f"transcode never had {expected} active holds of {case_code}")
