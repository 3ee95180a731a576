"""Failures in Hebrew, in headless Chromium through the running stack: a practitioner who
chose Hebrew uploads a camera file cut off halfway (ingest takes it, transcode refuses it as
incomplete) and reads why in Hebrew; then a clip whose renditions are away while the real
transcode workers cut it, and why it could not be made, in Hebrew. The transcoder sends codes
and values; the portal words them (no English left in those elements, the page right to
left)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.async_api import Browser, Locator, Page, expect

from tests.e2e.conftest import Stack
from tests.e2e.flows import camera_file
from tests.e2e.workspace.steps import register_agency, shot
from tests.e2e.workspace.test_clip_retry import renditions_away
from tests.e2e.workspace.test_feedback_review import case_with_tagged_moments
from tests.e2e.workspace.test_uploads_in_the_browser import choose_and_start, filming_page

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(1800)]
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# The portal's Hebrew for the codes these failures carry (incomplete, gave_up at the clips).
INCOMPLETE = "הקובץ חלקי או פגום"
CLIPS_GAVE_UP = re.compile(r"העיבוד נעצר לאחר \d+ ניסיונות, בזמן חיתוך הקטעים\.")


def cut_off(folder: Path) -> Path:
    """A phone's recording cut off halfway: its index (written last) is missing."""
    whole = camera_file(folder, seconds=3)
    data = whole.read_bytes()
    cut = folder / "IMG_0002.MP4"
    cut.write_bytes(data[: len(data) // 2])
    return cut


async def in_hebrew(page: Page) -> None:
    """The logged-in person chooses Hebrew on the language page."""
    await page.click("[data-language-link]")
    await page.select_option("[data-form=language] select", "he")
    await page.click("[data-form=language] button")
    await expect(page.locator("html")).to_have_attribute("dir", "rtl")


async def no_latin_words(element: Locator) -> str:
    text = await element.inner_text()
    assert not LATIN_WORD.search(text), f"English left: {text!r}"
    return text


async def test_a_refused_file_is_refused_in_hebrew(
    stack: Stack, browser: Browser, tmp_path: Path
) -> None:
    page, _ = await filming_page(browser, stack, language="he")
    await expect(page.locator("html")).to_have_attribute("lang", "he")
    await choose_and_start(page, cut_off(tmp_path))
    failed = page.locator("#footage-status .footage-state--failed")
    await expect(failed).to_have_count(1, timeout=180_000)
    await expect(failed).to_contain_text(INCOMPLETE)
    await no_latin_words(failed)
    await expect(page.locator("html")).to_have_attribute("dir", "rtl")
    await failed.scroll_into_view_if_needed()
    await shot(page, "he-failure-01-refused-file")


async def test_a_clip_that_could_not_be_made_says_why_in_hebrew(
    stack: Stack, browser: Browser, tmp_path: Path
) -> None:
    agency = register_agency(stack)
    guide, _ = await case_with_tagged_moments(browser, stack, agency, tmp_path)
    footage_id = re.split(r"[/?#]", guide.url.split("/footage/")[1])[0]
    plans = f"{re.sub(r'/footage/.*', '', guide.url)}/plans"
    await in_hebrew(guide)
    await guide.goto(plans)
    await expect(guide.locator("html")).to_have_attribute("dir", "rtl")
    await guide.locator("#moment-choices li").nth(0).locator("button").click()
    await guide.click("#plan-save")
    await expect(guide.locator("#plan-notice")).to_be_visible()

    failed = guide.locator("#clip-status li[data-status=failed]")
    with renditions_away(stack, footage_id):
        await guide.click("#plan-make-clips")
        await expect(failed).to_have_count(1, timeout=240_000)
    await expect(failed.locator(".field-error")).to_contain_text(CLIPS_GAVE_UP)
    await no_latin_words(failed)
    await expect(guide.locator("html")).to_have_attribute("dir", "rtl")
    await shot(guide, "he-failure-02-clip-not-made")
