"""The portal in the reader's language, in headless Chromium through the running stack: a Dutch
practitioner (who chose Nederlands on the language page) works a case, watches its footage and
opens the plan builder; a Hebrew-speaking supervisor (the institute's default is Hebrew) sees
their apprentice's case; institute staff of that institute read the overview right to left.
No visible English is left beyond names, codes and the keys of the keyboard, as checked against
the catalog's English messages; dates are written the locale's way."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from playwright.async_api import Browser, Page, expect

from tests.e2e.conftest import Stack
from tests.e2e.flows import camera_file
from tests.e2e.workspace.steps import (
    Agency,
    logged_in,
    reason_shown,
    register_agency,
    reload_until,
    shot,
)
from tests.e2e.workspace.test_practitioner_cycle import VIDEO_SECONDS, minutes_ago, upload
from tests.support.servers import LOCAL_ENV, ROOT

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(1200)]
LOCALE = ROOT / "services" / "portal" / "src" / "spin_portal" / "locale"
# Visible text: text nodes and the labels people hear, minus the player's and uploader's own
# (vendored) controls and the options of closed selects.
VISIBLE_TEXTS = """() => {
  const skip = 'script, style, option, noscript, svg, .uppy-Root, .plyr__menu, .plyr__tooltip'
  const texts = []
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.replace(/\\s+/g, ' ').trim()
    const parent = node.parentElement
    if (!text || !parent || parent.closest(skip)) continue
    const shown = parent.checkVisibility({ opacityProperty: true, visibilityProperty: true })
    if (shown) texts.push(text)
  }
  for (const el of document.querySelectorAll('[aria-label], [placeholder]')) {
    if (el.closest(skip) || !el.checkVisibility()) continue
    for (const name of ['aria-label', 'placeholder']) {
      if (el.getAttribute(name)) texts.push(el.getAttribute(name))
    }
  }
  return texts
}"""
# What may stay in Latin letters: codes, ids, units and the keys of the keyboard.
CODES = re.compile(
    r"C(-[0-9A-Z]{4}){3}|\b[a-z]+-[0-9a-f]{8}\b|\bF\d+\b|SPIN VIG|\bCSV\b|\bUTC\b|JavaScript|"
    r"\b(Shift|Escape|Enter|K|J|L|I|O)\b|\.(mp4|mov|mts)\b|\bSPIN_[A-Z_]+\b|CSRF|JSON"
)
ENGLISH_WORDS = re.compile(r"\b(the|and|your|you|this|with|has|are|not|case|footage)\b", re.I)
DUTCH_DATE = re.compile(r"\b\d{1,2} (jan|feb|mrt|apr|mei|jun|jul|aug|sep|okt|nov|dec)\.? \d{4}")
# The directory's names of register_agency's people: proper nouns, in any language.
PEOPLE = ("Pat Guide", "Cas Peer", "Sam Sup")
# What the Dutch practitioner writes is theirs (and the family's): it stays as written.
QUESTION = "Hoe help ik hem tot rust te komen als hij boos is?"
# F10 of a case with one upload after its filming consent, as its reader's language words it.
ONE_UPLOAD_COVERED = {
    "he": "הסכמה תקפה לצילום כיסתה את ההעלאה היחידה",
    "nl": "een geldige toestemming voor filmen dekte de enige upload",
}
HEBREW_DATE = re.compile(r"\b\d{1,2} ב[א-ת]+\u05f3? \d{4}")  # "5 January 2026" with a geresh


def english_messages(language: str) -> set[str]:
    """The catalog's English texts that its language writes differently (placeholders and
    markup aside): none of them may show on a page in that language."""
    with (LOCALE / language / "LC_MESSAGES" / "messages.po").open("rb") as source:
        catalog = read_po(source)
    return {
        m.id
        for m in catalog
        if isinstance(m.id, str) and m.id and m.string != m.id and "%(" not in m.id
        if "<" not in m.id
    }


async def no_english_left(page: Page, language: str, names: tuple[str, ...]) -> list[str]:
    """The page's visible texts, checked: no English message, no English words (Dutch), no
    Latin letters beyond codes and names (Hebrew)."""
    texts: list[str] = await page.evaluate(VISIBLE_TEXTS)
    english = english_messages(language)
    left = []
    for text in texts:
        rest = text
        for name in names:
            rest = rest.replace(name, " ")
        rest = CODES.sub(" ", rest)
        if text in english or (language == "nl" and ENGLISH_WORDS.search(rest)):
            left.append(text)
        if language == "he" and re.search(r"[A-Za-z]{2,}", rest):
            left.append(text)
    assert not left, f"English on {page.url}: {left[:8]}"
    return texts


def institute_language(institute_id: str, language: str) -> None:
    """The institute's default language, set with the ops command."""
    env = dict(line.split("=", 1) for line in LOCAL_ENV.read_text().splitlines() if "=" in line)
    done = subprocess.run(
        [
            str(Path(sys.executable).parent / "spin-portal-admin"),
            "set-language",
            *(institute_id, language),
        ],
        env={"PATH": "/usr/bin:/bin", **env, "SPIN_DB_SCHEMA": "portal"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


async def test_dutch_and_hebrew_readers_get_their_language(
    stack: Stack, browser: Browser, tmp_path: Path
) -> None:
    agency = register_agency(stack, apprenticeship_started_on="2026-01-05")
    names = (f"Agency {agency.agency_id[7:]}", f"Site {agency.site_id[5:]}", *PEOPLE, QUESTION)
    guide, case_url = await dutch_practitioner(browser, stack, agency, names)
    await dutch_player_and_plan(guide, case_url, tmp_path, names)
    await guide.goto(case_url)
    code = (await guide.locator("h1").inner_text()).split()[-1]
    institute_language(agency.institute_id, "he")
    await hebrew_supervisor(browser, stack, agency, names)
    staff = await hebrew_overview(browser, stack, agency, names)
    await audit_case_page(staff, stack, code, names)


async def dutch_practitioner(
    browser: Browser, stack: Stack, agency: Agency, names: tuple[str, ...]
) -> tuple[Page, str]:
    """An English browser; the practitioner chooses Nederlands and keeps it."""
    url = stack.url("portal")
    guide = await logged_in(browser, url, agency, "practitioner", agency.practitioner_id)
    await expect(guide.locator("h1")).to_have_text("My cases")
    await guide.click("[data-language-link]")
    await guide.select_option("[data-form=language] select", "nl")
    await guide.click("[data-form=language] button")
    await expect(guide.locator("html")).to_have_attribute("lang", "nl")
    await expect(guide.locator("h1")).to_have_text("Taal")
    await guide.goto(f"{url}/workspace")
    await expect(guide.locator("h1")).to_have_text("Mijn casussen")
    await guide.click("#open-case summary")
    await guide.select_option("#case-delivery_setting", "birth_family_home")
    await guide.fill("#case-relation", "moeder")
    await guide.fill("#case-children", "3")
    await guide.click("#open-case button")
    await expect(guide.locator("h1")).to_have_text(re.compile(r"^Casus C(-[0-9A-Z]{4}){3}$"))
    await guide.fill("#question-words", QUESTION)
    await guide.fill("#question-recorded_at", minutes_ago(50))
    await guide.click("#questions form button")
    for purpose in ("filming", "supervision_viewing"):
        await guide.select_option("#consent-purpose", purpose)
        await guide.fill("#consent-granted_at", minutes_ago(40))
        await guide.click("#consents form.stacked button")
        await expect(guide.locator(f"tr[data-purpose={purpose}]")).to_have_count(1)
    await guide.fill("#filming-held_at", minutes_ago(30))
    await guide.fill("#filming-duration_minutes", "45")
    await guide.click("#filming form button")
    await expect(guide.locator("#sessions tr[data-session-id]")).to_have_count(1)
    texts = await no_english_left(guide, "nl", names)
    assert any(DUTCH_DATE.search(t) for t in texts), texts
    await expect(guide.locator("#consents time").first).to_have_text(DUTCH_DATE)
    await shot(guide, "lang-nl-01-case")
    return guide, guide.url.split("#")[0]


async def dutch_player_and_plan(
    guide: Page, case_url: str, tmp_path: Path, names: tuple[str, ...]
) -> None:
    await guide.click("#sessions a")
    await upload(guide, camera_file(tmp_path, VIDEO_SECONDS), complete="Voltooid")  # Uppy in Dutch
    state = guide.locator("#footage-status .footage-state").first
    await expect(state).to_contain_text("Afspeelbaar", timeout=180_000)
    await guide.click("#footage-status a")
    await expect(guide.locator("#player video")).to_be_visible()
    await expect(guide.locator("#moment-list-empty")).to_have_text("Nog geen momenten getagd.")
    await no_english_left(guide, "nl", names)
    await shot(guide, "lang-nl-02-player")
    await tag_two_moments(guide)
    await guide.goto(f"{case_url}/plans")
    await expect(guide.locator("#plan-empty")).to_be_visible()
    await expect(guide.locator("#plan-count")).to_have_text("0 fragmenten")
    await no_english_left(guide, "nl", names)
    await shot(guide, "lang-nl-03-plan-builder")
    for number, count in enumerate(("1 fragment", "2 fragmenten")):
        await guide.locator("#moment-choices li").nth(number).locator("button").click()
        await expect(guide.locator("#plan-count")).to_have_text(count)
    await no_english_left(guide, "nl", names)
    await shot(guide, "lang-nl-04-plan-two-clips")


async def tag_two_moments(page: Page) -> None:
    """Two moments through the player's own API (tagging by keys is the practitioner test's)."""
    csrf = await page.locator("meta[name=csrf-token]").get_attribute("content")
    root = page.locator("#workspace-player")
    origin = re.sub(r"^(https?://[^/]+).*$", r"\1", page.url)
    create_url = f"{origin}{await root.get_attribute('data-create-url')}"
    footage_id = await root.get_attribute("data-footage-id")
    for start in (1.0, 4.0):
        moment: dict[str, object] = {"footage_id": footage_id, "kind": "strength", "principles": []}
        made = await page.request.post(
            create_url,
            headers={"X-CSRF-Token": csrf or ""},
            data={**moment, "start_s": start, "end_s": start + 2},
        )
        assert made.ok, await made.text()


async def hebrew_supervisor(
    browser: Browser, stack: Stack, agency: Agency, names: tuple[str, ...]
) -> None:
    """A browser asking for English; the institute's default (Hebrew) wins after login."""
    url = stack.url("portal")
    supervisor = await logged_in(browser, url, agency, "supervisor", agency.supervisor_id)
    await supervisor.goto(f"{url}/workspace/supervision")
    await expect(supervisor.locator("html")).to_have_attribute("dir", "rtl")
    await expect(supervisor.locator("h1")).to_have_text("המתלמדים שלי")
    cases = supervisor.locator(f"[data-apprentice={agency.practitioner_id}] tr[data-case-code]")
    for _ in range(30):  # the consent reaches the planner's view of the supervisor
        if await cases.count():
            break
        await supervisor.wait_for_timeout(1000)
        await supervisor.reload()
    texts = await no_english_left(supervisor, "he", names)
    assert any(HEBREW_DATE.search(t) for t in texts), texts
    await first_column_on_the_right(supervisor, "table.apprentice-cases")
    await shot(supervisor, "lang-he-01-supervision")
    await supervisor.locator(f"[data-apprentice={agency.practitioner_id}] td a").first.click()
    await expect(supervisor.locator("h1")).to_have_text(re.compile(r"^תיק C(-[0-9A-Z]{4}){3}$"))
    await no_english_left(supervisor, "he", names)
    await first_column_on_the_right(supervisor, "#consents table")
    await shot(supervisor, "lang-he-02-case")


async def hebrew_overview(
    browser: Browser, stack: Stack, agency: Agency, names: tuple[str, ...]
) -> Page:
    url = stack.url("portal")
    staff = await logged_in(browser, url, agency, "institute_staff", locale="nl-NL")
    await staff.goto(f"{url}/institutes/{agency.institute_id}")
    await expect(staff.locator("html")).to_have_attribute("dir", "rtl")
    await expect(staff.locator("table[data-table=agencies]")).to_be_visible()
    await no_english_left(staff, "he", names)
    await first_column_on_the_right(staff, "table[data-table=agencies]")
    await shot(staff, "lang-he-03-institute-overview")
    return staff


async def audit_case_page(staff: Page, stack: Stack, code: str, names: tuple[str, ...]) -> None:
    """Institute staff read the case's indicators and timeline in Hebrew, then in Dutch."""
    url = stack.url("portal")
    for language, shot_name in (("he", "lang-he-04-audit-case"), ("nl", "lang-nl-05-audit-case")):
        if language == "nl":
            await staff.click("[data-language-link]")
            await staff.select_option("[data-form=language] select", "nl")
            await staff.click("[data-form=language] button")
        # The indicators' reasons too: the read model keeps them as messages with parameters,
        # a counted one in the form its language has for one (the case's one upload).
        reason = ONE_UPLOAD_COVERED[language]
        await reload_until(staff, f"{url}/cases/{code}", reason_shown(staff, "F10", reason), reason)
        await expect(staff.locator("table[data-table=timeline] tbody tr").first).to_be_visible()
        await expect(staff.locator("table[data-table=indicators] tbody tr")).to_have_count(11)
        await no_english_left(staff, language, names)
        await shot(staff, shot_name)


async def first_column_on_the_right(page: Page, table: str) -> None:
    headers = page.locator(f"{table} thead th")
    first, last = await headers.first.bounding_box(), await headers.last.bounding_box()
    assert first, table
    assert last, table
    assert first["x"] > last["x"], (table, first, last)
