"""Footage links and the agency's download setting, in headless Chromium through the running
stack: the player's video link is served inline and no Download is offered while the agency
has not allowed downloads (the download route refuses); the agency admin turns downloads on in
the portal; the player then offers a Download whose link is an attachment, and both the change
and the download are in the agency's audit log."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.async_api import Browser, Page, expect

from tests.e2e.conftest import Stack
from tests.e2e.flows import camera_file
from tests.e2e.workspace.steps import Agency, log_in, portal_account, register_agency, shot
from tests.e2e.workspace.test_practitioner_cycle import (
    account_for,
    open_case,
    person,
    prepare_filming,
    upload,
)

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]
VIDEO_SECONDS = 4


def disposition(url: str) -> str:
    """The Content-Disposition a presigned link makes the store answer with."""
    values = parse_qs(urlsplit(url).query).get("response-content-disposition", [""])
    return values[0]


async def video_link(page: Page) -> str:
    src = await page.locator("#player video").get_attribute("src")
    assert src, "the player has no video link"
    return src


async def test_downloads_follow_the_agency_setting(
    stack: Stack, browser: Browser, tmp_path: Path
) -> None:
    agency = register_agency(stack)
    url = stack.url("portal")
    admin = await (await person(browser)).new_page()
    await log_in(admin, url, *portal_account(agency, "agency_admin"))
    link = await account_for(admin, url, agency.practitioner_id)
    guide = await (await person(browser)).new_page()
    await guide.goto(link)
    for name in ("password", "password_again"):
        await guide.fill(f"input[name={name}]", "a long enough secret")
    await guide.click("button:text('Set password and log in')")
    await open_case(guide)
    await prepare_filming(guide)
    await guide.click("#sessions a")
    await upload(guide, camera_file(tmp_path, VIDEO_SECONDS))
    state = guide.locator("#footage-status .footage-state").first
    await expect(state).to_contain_text("Playable", timeout=300_000)
    await guide.click("#footage-status a:text('Watch and tag')")
    await expect(guide.locator("#player video")).to_have_count(1)
    player_url = guide.url

    # Off by default: played inline, nothing to download, the route refuses.
    inline = await video_link(guide)
    assert disposition(inline) == "inline"
    assert "attachment" not in inline
    await expect(guide.locator("[data-download]")).to_have_count(0)
    refused = await guide.request.get(f"{player_url}/download", max_redirects=0)
    assert refused.status == 403
    stored = await guide.request.get(inline)
    assert stored.status == 200
    assert stored.headers.get("content-disposition") == "inline"
    await shot(guide, "downloads-01-player-inline-only")

    await _admin_allows_downloads(admin, url, agency)
    await _guide_downloads(guide, url)

    await admin.goto(f"{url}/agencies/{agency.agency_id}/audit")
    log = admin.locator("body")
    await expect(log).to_contain_text("downloads_allowed")
    await expect(log).to_contain_text("footage_downloaded")
    await expect(log).to_contain_text("footage_viewed")


async def _admin_allows_downloads(admin: Page, url: str, agency: Agency) -> None:
    await admin.goto(f"{url}/agencies/{agency.agency_id}")
    await admin.click("a:text('Settings')")
    setting = admin.locator("[data-form=agency-settings] input[name=downloads_allowed]")
    await expect(setting).not_to_be_checked()
    await setting.check()
    await admin.click("[data-form=agency-settings] button")
    await expect(admin.locator("[data-setting=downloads]")).to_have_text("Downloads are allowed.")
    await shot(admin, "downloads-02-agency-settings")


async def _guide_downloads(guide: Page, url: str) -> None:
    """The player offers the download; playing stays inline, the file is an attachment."""
    await guide.reload()
    offered = guide.locator("[data-download]")
    await expect(offered).to_have_count(1)
    assert disposition(await video_link(guide)) == "inline"  # playing stays inline
    href = await offered.get_attribute("href")
    assert href
    redirect = await guide.request.get(f"{url}{href}", max_redirects=0)
    assert redirect.status == 303
    file_link = redirect.headers["location"]
    assert disposition(file_link).startswith("attachment")
    downloaded = await guide.request.get(file_link)
    assert downloaded.status == 200
    assert (downloaded.headers.get("content-disposition") or "").startswith("attachment")
    await shot(guide, "downloads-03-player-with-download")
