"""Refusals and choices in Dutch, in headless Chromium through the running stack: a Dutch
practitioner (who chose Nederlands on the language page) records a consent signed tomorrow
and reads the planner's refusal in Dutch beside the field, what was typed kept; Dutch
institute staff choose the institute's zone from places named in Dutch, the IANA id sent."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.async_api import Browser, Page, expect

from tests.e2e.conftest import Stack
from tests.e2e.workspace.steps import logged_in, register_agency, shot
from tests.e2e.workspace.test_practitioner_cycle import minutes_ago, open_case

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]
# The planner's sentence (timeline.IN_FUTURE, "the consent") in its Dutch catalog.
CONSENT_IN_FUTURE = re.compile(
    r"^de toestemming ligt in de toekomst \(\d{4}-\d\d-\d\dT\S+\): "
    r"leg haar vast als ze gegeven is$"
)


async def in_dutch(page: Page, url: str) -> None:
    """The person (logged in) chooses Nederlands on the language page, whatever the browser
    speaks."""
    await page.wait_for_url(lambda address: "/login" not in address)
    await page.goto(f"{url}/language")
    await page.select_option("[data-form=language] select", "nl")
    await page.click("[data-form=language] button")
    await expect(page.locator("html")).to_have_attribute("lang", "nl")


async def test_a_dutch_practitioner_reads_the_planners_refusal_beside_the_field(
    stack: Stack, browser: Browser
) -> None:
    agency = register_agency(stack)
    url = stack.url("portal")
    guide = await logged_in(browser, url, agency, "practitioner", agency.practitioner_id)
    await guide.goto(f"{url}/workspace")
    case_url = (await open_case(guide))[0].split("#")[0]
    await in_dutch(guide, url)
    await guide.goto(case_url)
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    await guide.select_option("#consent-purpose", "filming")
    await guide.fill("#consent-granted_at", tomorrow)
    await guide.click("#consents form.stacked button")
    refusal = guide.locator("#consent-granted_at-error")
    await expect(refusal).to_have_text(CONSENT_IN_FUTURE)
    await expect(guide.locator("#consent-granted_at")).to_have_attribute("aria-invalid", "true")
    await expect(guide.locator("#consent-granted_at")).to_have_value(tomorrow)
    await expect(guide.locator("tr[data-purpose=filming]")).to_have_count(0)
    await refusal.scroll_into_view_if_needed()
    await shot(guide, "nl-refusal-01-consent-in-the-future")
    # Signed a while ago instead: recorded, and the refusal is gone.
    await guide.fill("#consent-granted_at", minutes_ago(40))
    await guide.click("#consents form.stacked button")
    await expect(guide.locator("tr[data-purpose=filming]")).to_have_count(1)
    await expect(guide.locator("#consent-granted_at-error")).to_have_count(0)


async def test_dutch_staff_choose_the_zone_from_places_named_in_dutch(
    stack: Stack, browser: Browser
) -> None:
    agency = register_agency(stack)
    url = stack.url("portal")
    staff = await logged_in(browser, url, agency, "institute_staff")
    await in_dutch(staff, url)
    zones = staff.locator("[data-form=time-zone] select")
    await expect(zones.locator("option[value='Europe/Amsterdam']")).to_have_text(
        "tijd in Nederland"
    )
    await expect(zones.locator("option[value='Asia/Jerusalem']")).to_have_text(
        "tijd in Israël (Asia/Jerusalem)"
    )
    await zones.select_option("Europe/Amsterdam")
    await staff.click("[data-form=time-zone] button")
    await expect(staff.locator("html")).to_have_attribute("data-time-zone", "Europe/Amsterdam")
    await expect(zones).to_have_value("Europe/Amsterdam")
    await shot(staff, "nl-zone-01-places-in-dutch")
