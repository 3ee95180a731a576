"""A practitioner's VIG cycle in headless Chromium, through the running stack: a case, consent,
a helping question and a filming in the workspace, the video uploaded by Uppy over tus to
ingest, transcoded, watched in the player and tagged; then the institute's indicators."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.async_api import Browser, BrowserContext, Page, expect
from playwright.async_api import TimeoutError as PlaywrightTimeoutError

from tests.e2e.conftest import Stack
from tests.e2e.flows import camera_file
from tests.e2e.workspace.steps import (
    Agency,
    indicator_passes,
    log_in,
    portal_account,
    register_agency,
    reload_until,
    shot,
)

pytestmark = pytest.mark.e2e
VIDEO_SECONDS = 12


async def person(browser: Browser) -> BrowserContext:
    return await browser.new_context(timezone_id="UTC", viewport={"width": 1280, "height": 900})


def minutes_ago(minutes: int) -> str:
    """A datetime-local value (the context's zone is UTC)."""
    return (datetime.now(UTC) - timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M")


async def open_case(page: Page) -> tuple[str, str]:
    """The case's page and the code the planner gave it. Opened two hours ago by the context's
    clock, not on the field's default (today): the flows then record things "minutes ago",
    which just after midnight are yesterday."""
    await page.click("#open-case summary")
    await page.fill("#case-opened_on", (datetime.now(UTC) - timedelta(hours=2)).date().isoformat())
    await page.select_option("#case-delivery_setting", "birth_family_home")
    await page.fill("#case-relation", "mother")
    await page.fill("#case-children", "3")
    await page.click("button:text('Open the case')")
    await expect(page.locator("h1")).to_have_text(re.compile(r"^Case C(-[0-9A-Z]{4}){3}$"))
    code = (await page.locator("h1").inner_text()).removeprefix("Case ")
    return page.url, code


async def prepare_filming(page: Page) -> None:
    """Helping question first (F1), then filming consent (F10), then the filming."""
    await page.fill("#question-words", "How do I help him settle when he is upset?")
    await page.fill("#question-recorded_at", minutes_ago(50))
    await page.click("button:text('Record the helping question')")
    await expect(page.locator("ol.questions li")).to_have_count(1)
    await page.select_option("#consent-purpose", "filming")
    await page.fill("#consent-granted_at", minutes_ago(40))
    await page.click("button:text('Record consent')")
    await expect(page.locator("tr[data-purpose=filming]")).to_have_count(1)
    await page.fill("#filming-held_at", minutes_ago(30))
    await page.fill("#filming-duration_minutes", "45")
    await page.click("button:text('Record the filming')")
    await expect(page.locator("#sessions tr[data-session-id]")).to_have_count(1)


async def test_a_practitioner_works_a_case_in_the_browser(
    stack: Stack, browser: Browser, tmp_path: Path
) -> None:
    agency = register_agency(stack)
    url = stack.url("portal")
    admin = await (await person(browser)).new_page()
    await log_in(admin, url, *portal_account(agency, "agency_admin"))
    link = await account_for(admin, url, agency.practitioner_id)
    guide = await (await person(browser)).new_page()
    await guide.goto(link)
    await guide.fill("input[name=password]", "a long enough secret")
    await guide.fill("input[name=password_again]", "a long enough secret")
    await guide.click("button:text('Set password and log in')")
    await expect(guide).to_have_url(f"{url}/workspace")
    await shot(guide, "01-my-cases-empty")

    case_url, code = await open_case(guide)
    await shot(guide, "02-case-opened")
    await guide.fill("#question-words", "ab")
    await guide.click("button:text('Record the helping question')")
    await expect(guide.locator("#question-words-error")).to_contain_text("at least 3")
    await expect(guide.locator("#question-words")).to_have_value("ab")
    await shot(guide, "03-refused-with-the-planners-words")
    await prepare_filming(guide)
    await shot(guide, "04-case-ready-for-filming")

    await guide.click("#sessions a")
    video = camera_file(tmp_path, VIDEO_SECONDS)
    await upload(guide, video)
    await shot(guide, "05-uploaded")
    state = guide.locator("#footage-status .footage-state").first
    await expect(state).to_contain_text("Playable", timeout=180_000)
    await shot(guide, "06-playable")
    await guide.click("#footage-status a:text('Watch and tag')")
    await tag_three_moments(guide)

    await guide.reload()
    await expect(guide.locator("#moment-list li")).to_have_count(3)
    await expect(guide.locator("#timeline .moment-range")).to_have_count(3)
    await shot(guide, "09-moments-after-reload")
    await scripts_are_refused_in_words(guide)
    await fidelity_of(browser, stack, agency, code)
    await other_tenants_see_nothing(browser, stack, agency, case_url, guide.url)


async def account_for(admin: Page, url: str, practitioner_id: str) -> str:
    """The agency admin makes the practitioner's account; its set-password link."""
    form = admin.locator("form[data-form=new-account]")
    option = form.locator(f"select[name=practitioner_id] option[value='{practitioner_id}']")
    for _ in range(30):  # the directory reaches the portal's read model through events
        await admin.goto(f"{url}/accounts")
        if await option.count():
            break
        await admin.wait_for_timeout(500)
    await form.locator("input[name=username]").fill(f"pat-{practitioner_id}")
    await form.locator("select[name=practitioner_id]").select_option(practitioner_id)
    await form.locator("button").click()
    link = admin.locator("[data-link]")
    await expect(link).to_contain_text("/set-password/")
    await shot(admin, "00-admin-made-the-account")
    return (await link.inner_text()).strip()


async def upload(page: Page, video: Path, complete: str = "Complete") -> None:
    """`complete`: Uppy's word for a finished upload in the page's language."""
    await page.set_input_files("#uploader input[type=file] >> nth=0", str(video))
    start = page.locator("#uploader .uppy-StatusBar-actionBtn--upload")
    if await start.count():
        await start.click()
    await expect(page.locator("#uploader")).to_contain_text(complete, timeout=60_000)


async def tag_three_moments(page: Page) -> None:
    await expect(page.locator("#player video")).to_be_visible()
    await page.locator("#player video").evaluate("v => v.pause()")
    await shot(page, "07-player")
    await scrub_preview(page)
    for number, (start, end) in enumerate(((1.0, 2.5), (4.0, 6.0), (8.0, 9.5))):
        await mark_with_keys(page, start, end)
        await page.fill("#principle-search", "initiative" if number % 2 == 0 else "attun")
        for key in ("ArrowDown", "Enter", "Escape"):
            await page.keyboard.press(key)
        await expect(page.locator("#principle-chips button")).to_have_count(1)
        kind = "strength" if number < 2 else "working_point"
        await page.check(f"#moment-kind-{kind}")
        if number == 0:
            await page.select_option("#moment-question", index=1)
        await page.fill("#moment-note", f"moment {number + 1}")
        await page.click("#moment-save")
        await expect(page.locator("#moment-list li")).to_have_count(number + 1)
    await shot(page, "08-three-moments")


async def scrub_preview(page: Page) -> None:
    """Hovering the seek bar shows the thumbnail of that time, once the track has loaded.
    The pointer stays put while the sprite loads: Plyr drops an image still loading when the
    pointer moves on to another thumbnail of the same sprite."""
    thumb = page.locator(".plyr__preview-thumb--is-shown img").first
    for attempt in range(20):
        await page.hover("#player")
        box = await page.locator(".plyr__progress").bounding_box()
        assert box is not None
        x = box["x"] + box["width"] * (0.3 + 0.02 * (attempt % 10))
        await page.mouse.move(x, box["y"] + box["height"] / 2)
        try:
            await thumb.wait_for(state="visible", timeout=1500)
            break
        except PlaywrightTimeoutError:
            continue
    await expect(thumb).to_be_visible()
    await page.wait_for_timeout(400)  # Plyr fades the preview in
    await shot(page, "07-scrub-preview", of="#player")  # the pointer still on the seek bar
    image = await thumb.get_attribute("src")
    assert image is not None
    assert "sprite" in image, image


async def mark_with_keys(page: Page, start: float, end: float) -> None:
    video = page.locator("#player video")
    await page.locator("body").click(position={"x": 5, "y": 5})
    await video.evaluate(f"v => {{ v.currentTime = {start}; }}")
    await page.keyboard.press("i")
    await video.evaluate(f"v => {{ v.currentTime = {end}; }}")
    await page.keyboard.press("o")
    await expect(page.locator("#moment-panel")).to_be_visible()
    assert abs(float(await page.input_value("#moment-start")) - start) < 0.1
    assert abs(float(await page.input_value("#moment-end")) - end) < 0.1


async def scripts_are_refused_in_words(page: Page) -> None:
    """What the player's scripts get when they send something wrong: the planner's sentence,
    and for a lost race the newer version."""
    csrf = await page.locator("meta[name=csrf-token]").get_attribute("content")
    assert csrf is not None
    root = page.locator("#workspace-player")
    origin = re.sub(r"^(https?://[^/]+).*$", r"\1", page.url)
    moments_url = f"{origin}{await root.get_attribute('data-moments-url')}"
    create_url = f"{origin}{await root.get_attribute('data-create-url')}"
    base = f"{origin}{await root.get_attribute('data-moment-url-base')}"
    moment = (await (await page.request.get(moments_url)).json())["items"][0]
    headers = {"X-CSRF-Token": csrf, "If-Match": '"999"'}
    stale = await page.request.patch(f"{base}{moment['id']}", headers=headers, data={"note": "x"})
    assert stale.status == 412
    assert (await stale.json())["current"]["id"] == moment["id"]
    past_the_end = {**{k: moment[k] for k in ("footage_id", "kind")}, "start_s": 1, "end_s": 999}
    refused = await page.request.post(create_url, headers={"X-CSRF-Token": csrf}, data=past_the_end)
    assert refused.status == 422
    assert "end" in (await refused.text())
    forged = await page.request.post(create_url, data=past_the_end)
    assert forged.status == 403


async def fidelity_of(browser: Browser, stack: Stack, agency: Agency, code: str) -> None:
    """The institute's case page shows F1 and F10 passing, from the events of this path."""
    admin = await (await person(browser)).new_page()
    username, password = portal_account(agency, "agency_admin")
    await log_in(admin, stack.url("portal"), username, password)
    case_url = f"{stack.url('portal')}/cases/{code}"
    await reload_until(admin, case_url, indicator_passes(admin, "F1"), "F1 passing")
    for indicator in ("F1", "F10"):
        row = admin.locator(f"table[data-table=indicators] tr:has(td:text-is('{indicator}')) td")
        await expect(row.nth(2)).to_have_text("pass")
    await shot(admin, "10-institute-case-indicators")


async def other_tenants_see_nothing(
    browser: Browser, stack: Stack, agency: Agency, case_url: str, player_url: str
) -> None:
    """Another agency's practitioner and a colleague in the same agency get 404."""
    url = stack.url("portal")
    other_agency = register_agency(stack)
    for who, practitioner in (
        (other_agency, other_agency.practitioner_id),
        (agency, agency.colleague_id),
    ):
        page = await (await person(browser)).new_page()
        username, password = portal_account(who, "practitioner", practitioner)
        await log_in(page, url, username, password)
        for address in (case_url, player_url, re.sub(r"/footage/.*", "", player_url)):
            response = await page.goto(address)
            assert response is not None
            assert response.status == 404, f"{address}: {response.status}"
        await shot(page, f"11-not-found-{practitioner}")
