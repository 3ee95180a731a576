"""The portal in headless Chromium (the Debian package): what people see equals the events."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from uuid import uuid4

import pytest
from playwright.async_api import Browser, Page, async_playwright, expect
from spin_contracts.events.envelope import Envelope, Tenant
from spin_contracts.topics import Topic, topic_name
from spin_portal.api.app import create_app
from spin_portal.domain.indicators import INDICATOR_NAMES
from spin_portal.domain.rollup import composite_index
from spin_portal.settings import PortalSettings
from spin_portal.web.tables_view import rate_text
from spin_portal.web.words import word
from spincore.kafka import make_producer

from tests.integration.portal.expected import Expected, expected_from
from tests.integration.portal.support import (
    PASSWORD,
    add_users,
    portal_settings,
    publish,
    settled,
    small_dataset,
)
from tests.support.http import serving
from tests.support.isolation import Isolation

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "portal"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        yield chromium
        await chromium.close()


async def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


async def log_in(page: Page, url: str, username: str, password: str = PASSWORD) -> None:
    await page.goto(f"{url}/login")
    await page.fill("input[name=username]", username)
    await page.fill("input[name=password]", password)
    await page.click("button:text('Log in')")


def row_cells(expected: Expected, agency_id: str) -> list[str]:
    tallies = expected.tallies(agency_id)
    return [
        str(expected.case_count(agency_id)),
        rate_text(composite_index(tallies)),
        *(rate_text(tallies[i].pass_rate) for i in INDICATOR_NAMES),
    ]


def future_event() -> Envelope:
    return Envelope(
        event_type="footage.uploaded",
        schema_version=7,
        producer="ingest-next",
        correlation_id=str(uuid4()),
        tenant=Tenant(institute_id="inst-1", agency_id="agency-1", site_id="site-1"),
        payload={"case_code": "C000001"},
    )


async def _send_an_unknown_version(settings: PortalSettings) -> None:
    """An event of a version the portal does not know: it lands among the dead letters."""
    producer = make_producer(settings.kafka, "portal-e2e")
    await producer.start()
    await producer.send_and_wait(
        topic_name(Topic.FOOTAGE, settings.topic_prefix), future_event().to_bytes(), key=b"f"
    )
    await producer.stop()


async def _overview_ranks_and_exports(page: Page, expected: Expected) -> None:
    agencies = page.locator("table[data-table=agencies] tbody tr")
    await expect(agencies).to_have_count(2)  # agency-1 and agency-3; agency-2 is inst-2's
    for agency_id in ("agency-1", "agency-3"):
        row = page.locator(f"table[data-table=agencies] tr:has(a[href^='/agencies/{agency_id}'])")
        cells = await row.locator("td").all_inner_texts()
        assert cells[1:] == row_cells(expected, agency_id)

    async with page.expect_download() as download_info:
        await page.click("#agencies a.export")
    download = await download_info.value
    exported = (await asyncio.to_thread(Path(await download.path()).read_text)).splitlines()
    assert exported[0].startswith("Agency,Cases,Composite,F1,")
    assert len(exported) == 3


async def _first_case_shows_its_indicators(page: Page, expected: Expected) -> str:
    """The agency's first case: every indicator's outcome and reason; its code."""
    first_case = page.locator("table[data-table=cases] tbody tr a").first
    code = await first_case.inner_text()
    await first_case.click()
    await expect(page.locator("h1")).to_have_text(f"Case {code}")
    for indicator, (outcome, _) in expected.outcomes[code].items():
        shown = page.locator(f"table[data-table=indicators] tr:has(td:text-is('{indicator}')) td")
        await expect(shown.nth(2)).to_have_text(word(outcome))  # outcomes shown as words
        await expect(shown.nth(3)).to_have_text(expected.shown_reason(code, indicator))
    await shot(page, "04-case")
    return code


async def _other_tenant_gets_404(browser: Browser, url: str, code: str) -> None:
    other = await (await browser.new_context()).new_page()
    await log_in(other, url, "admin2")
    await expect(other).to_have_url(f"{url}/agencies/agency-2")
    response = await other.goto(f"{url}/agencies/agency-1")
    assert response is not None
    assert response.status == 404
    await expect(other.get_by_role("alert")).to_have_text("There is no agency 'agency-1' here.")
    response = await other.goto(f"{url}/cases/{code}")
    assert response is not None
    assert response.status == 404
    await shot(other, "06-other-tenant-404")


async def test_audit_journey_in_the_browser(isolated: Isolation, browser: Browser) -> None:
    settings = portal_settings(isolated, cookie_secure=False)
    events = small_dataset()
    expected = expected_from(events)
    app = create_app(settings)
    async with serving(app) as url:
        engine = app.state.runtime.engine
        await publish(settings, events)
        await _send_an_unknown_version(settings)
        await add_users(engine)
        await settled(engine, len(events), dead_letters=1)
        page = await (await browser.new_context(accept_downloads=True)).new_page()

        await log_in(page, url, "staff1", "wrong password")
        await expect(page.get_by_role("alert")).to_have_text("Wrong username or password.")
        await shot(page, "01-wrong-password")

        await log_in(page, url, "staff1")
        await expect(page).to_have_url(f"{url}/institutes/inst-1")
        await shot(page, "02-institute-overview")
        await _overview_ranks_and_exports(page, expected)

        await page.click("table[data-table=agencies] a[href^='/agencies/agency-1']")
        await expect(page.locator("[data-figure=cases]")).to_have_text(
            str(expected.case_count("agency-1"))
        )
        await expect(page.locator("[data-figure=composite]")).to_have_text(
            row_cells(expected, "agency-1")[1]
        )
        await shot(page, "03-agency")

        code = await _first_case_shows_its_indicators(page, expected)

        await page.goto(f"{url}/agencies/agency-1?from=2026-13")
        await expect(page.get_by_role("alert")).to_contain_text(
            "from must be a month written like 2026-01"
        )

        await page.goto(f"{url}/pipeline")
        dead = page.locator("table[data-table=dead_letters] tbody tr")
        await expect(dead).to_have_count(1)
        await expect(dead).to_contain_text("unknown event footage.uploaded v7")
        await shot(page, "05-pipeline-health")

        await _other_tenant_gets_404(browser, url, code)
