"""The institute's time zone, in headless Chromium on a laptop set to UTC: institute staff set
Asia/Jerusalem on the language page; their practitioner records a filming at a local time and
the case page shows it on Jerusalem's clock, stored as the UTC moment Jerusalem's time names;
the printed report names the zone by its place ("Israel Time"), its IANA id for scripts only."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.async_api import Browser, expect

from tests.e2e.conftest import Stack
from tests.e2e.workspace.steps import logged_in, register_agency, shot
from tests.e2e.workspace.test_practitioner_cycle import minutes_ago, open_case

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]
JERUSALEM = ZoneInfo("Asia/Jerusalem")


async def test_an_institute_in_jerusalem_reads_and_records_on_its_clock(
    stack: Stack, browser: Browser
) -> None:
    agency = register_agency(stack)
    url = stack.url("portal")
    staff = await logged_in(browser, url, agency, "institute_staff")
    await staff.goto(f"{url}/language")
    await staff.select_option("[data-form=time-zone] select", "Asia/Jerusalem")
    await staff.click("[data-form=time-zone] button")
    await expect(staff.locator("html")).to_have_attribute("data-time-zone", "Asia/Jerusalem")
    await expect(staff.locator("[data-form=time-zone] select")).to_have_value("Asia/Jerusalem")
    await shot(staff, "tz-01-institute-time-zone")
    # The printed report names the zone by its place, in the page's language, not by its id.
    await staff.goto(f"{url}/agencies/{agency.agency_id}/report")
    await expect(staff.locator("main")).to_contain_text(re.compile(r"Printed .+ Israel Time\."))
    assert "Asia/Jerusalem" not in await staff.locator("body").inner_text()
    await shot(staff, "tz-03-report-printed-in-israel-time")

    guide = await logged_in(browser, url, agency, "practitioner", agency.practitioner_id)
    await guide.goto(f"{url}/workspace")
    await expect(guide.locator("html")).to_have_attribute("data-time-zone", "Asia/Jerusalem")
    await open_case(guide)
    # The laptop's clock (UTC) typed as the time: read on Jerusalem's clock, it is hours earlier.
    typed = minutes_ago(30)
    await guide.fill("#question-words", "How do I help him settle when he is upset?")
    await guide.fill("#question-recorded_at", minutes_ago(50))
    await guide.click("button:text('Record the helping question')")
    await guide.select_option("#consent-purpose", "filming")
    await guide.fill("#consent-granted_at", minutes_ago(40))
    await guide.click("button:text('Record consent')")
    await expect(guide.locator("tr[data-purpose=filming]")).to_have_count(1)
    await guide.fill("#filming-held_at", typed)
    await guide.fill("#filming-duration_minutes", "45")
    await guide.click("button:text('Record the filming')")
    row = guide.locator("#sessions tr[data-session-id] time").first
    stored = datetime.fromisoformat(str(await row.get_attribute("datetime")))
    assert stored.astimezone(JERUSALEM).strftime("%Y-%m-%dT%H:%M") == typed
    local = datetime.fromisoformat(typed)
    await expect(row).to_contain_text(f"{local.hour % 12 or 12}:{local.minute:02d}")
    utc_clock = stored.astimezone(ZoneInfo("UTC"))
    assert utc_clock.hour != local.hour  # shifted from UTC: the page does not show UTC's clock
    await shot(guide, "tz-02-session-on-jerusalem-clock")
