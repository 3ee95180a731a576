"""The institute's vocabulary page, in headless Chromium: institute staff switch to the VHT
terms and rename one; their practitioner's picker vocabulary (the workspace's relay of the
planner's GET /vocabulary) offers the VHT terms under the institute's name, each still mapped
to its canonical level. A Dutch practitioner of such an institute reads a moment tagged with a
VHT term by its level's Dutch name in the plan builder, and the pickers in Dutch."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, expect

from tests.e2e.conftest import Stack
from tests.e2e.workspace.steps import Agency, logged_in, register_agency, shot
from tests.e2e.workspace.test_feedback_review import case_with_tagged_moments
from tests.e2e.workspace.test_languages import PEOPLE, no_english_left

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]
VHT = "vht_basic_communication_1994"
RENAMED = "Turn-taking, our way"
# The VHT term "Taking turns" stores its level, which Dutch names so.
LEVEL_4 = "Niveau 4: Afgestemde interacties ontwikkelen"
QUESTION = "How do I help him settle when he is upset?"  # the practitioner's own words


async def test_staff_switch_and_rename_what_their_people_tag_with(
    stack: Stack, browser: Browser
) -> None:
    agency = register_agency(stack)
    url = stack.url("portal")
    staff = await logged_in(browser, url, agency, "institute_staff")
    await staff.goto(f"{url}/language")
    await staff.click("[data-vocabulary-link]")
    await expect(staff.locator("h1")).to_have_text("Vocabulary")
    await expect(staff.locator("[data-names-empty]")).to_be_visible()
    await staff.select_option("[data-form=vocabulary] select", VHT)
    await staff.click("[data-form=vocabulary] button")
    await expect(staff.locator("[data-form=vocabulary] select")).to_have_value(VHT)
    await staff.select_option("[data-form=tag-name] select[name=tag]", "taking_turns")
    await staff.select_option("[data-form=tag-name] select[name=language]", "en")
    await staff.fill("[data-form=tag-name] input[name=name]", RENAMED)
    await staff.click("[data-form=tag-name] button")
    row = staff.locator("table[data-table=tag-names] tr[data-tag=taking_turns]")
    await expect(row).to_contain_text(RENAMED)
    await shot(staff, "vocab-01-institute-vocabulary")

    guide = await logged_in(browser, url, agency, "practitioner", agency.practitioner_id)
    answer = await guide.request.get(f"{url}/workspace/api/vocabulary")
    assert answer.ok, await answer.text()
    vocabulary = await answer.json()
    assert vocabulary["vocabulary"] == VHT
    turns = next(t for t in vocabulary["tags"] if t["tag"] == "taking_turns")
    assert turns["name"] == RENAMED
    assert turns["canonical"] == "developing_attuned_interactions"
    refused = await guide.goto(f"{url}/institute/vocabulary")
    assert refused is not None
    assert refused.status == 403


async def vht_institute(browser: Browser, url: str, agency: Agency) -> None:
    """Staff switch to the VHT terms and name "Taking turns" in Dutch."""
    staff = await logged_in(browser, url, agency, "institute_staff")
    await staff.goto(f"{url}/institute/vocabulary")
    await staff.select_option("[data-form=vocabulary] select", VHT)
    await staff.click("[data-form=vocabulary] button")
    await expect(staff.locator("[data-form=vocabulary] select")).to_have_value(VHT)
    await staff.select_option("[data-form=tag-name] select[name=tag]", "taking_turns")
    await staff.select_option("[data-form=tag-name] select[name=language]", "nl")
    await staff.fill("[data-form=tag-name] input[name=name]", "Om de beurt")
    await staff.click("[data-form=tag-name] button")
    await expect(staff.locator("tr[data-tag=taking_turns]")).to_contain_text("Om de beurt")


async def tag_taking_turns(guide: Page) -> None:
    """A moment tagged with the VHT term, through the player's own API."""
    csrf = await guide.locator("meta[name=csrf-token]").get_attribute("content")
    root = guide.locator("#workspace-player")
    origin = re.sub(r"^(https?://[^/]+).*$", r"\1", guide.url)
    made = await guide.request.post(
        f"{origin}{await root.get_attribute('data-create-url')}",
        headers={"X-CSRF-Token": csrf or ""},
        data={
            "footage_id": await root.get_attribute("data-footage-id"),
            "kind": "strength",
            "principles": ["taking_turns"],
            "start_s": 10.0,
            "end_s": 11.0,
            "note": "om de beurt",
        },
    )
    assert made.ok, await made.text()
    assert (await made.json())["principles"] == ["developing_attuned_interactions"]


async def test_a_dutch_practitioner_reads_vht_tagged_moments_in_dutch(
    stack: Stack, browser: Browser, tmp_path: Path
) -> None:
    agency = register_agency(stack)
    url = stack.url("portal")
    await vht_institute(browser, url, agency)
    guide, _ = await case_with_tagged_moments(browser, stack, agency, tmp_path)
    await tag_taking_turns(guide)
    player, plans = guide.url, f"{re.sub(r'/footage/.*', '', guide.url)}/plans"
    await guide.click("[data-language-link]")
    await guide.select_option("[data-form=language] select", "nl")
    await guide.click("[data-form=language] button")
    await expect(guide.locator("html")).to_have_attribute("lang", "nl")
    names = (*PEOPLE, QUESTION)

    await guide.goto(plans)
    turns = guide.locator("#moment-choices li").last
    shown = f"Sterk punt 0:10.00\u20130:11.00 · {LEVEL_4} · om de beurt"
    await expect(turns).to_contain_text(shown)
    await guide.fill("#plan-principle-search", "beurt")
    await expect(guide.locator("#plan-principle-options")).to_contain_text(f"{LEVEL_4} omvat ")
    await no_english_left(guide, "nl", names)
    await shot(guide, "vocab-02-plan-builder-vht-in-dutch")

    await guide.goto(player)
    await expect(guide.locator("#moment-list li")).to_have_count(4)
    await expect(guide.locator("#moment-list li").last).to_contain_text("notitie: om de beurt")
    await guide.locator("#moment-list li").last.locator("button.moment-edit").click()
    await expect(guide.locator("#principle-chips")).to_contain_text(LEVEL_4)
    await guide.fill("#principle-search", "beurt")
    await expect(guide.locator("#principle-options")).to_contain_text(
        f"Om de beurt ook bekend als {LEVEL_4}"
    )
    await no_english_left(guide, "nl", names)
    await shot(guide, "vocab-03-player-picker-vht-in-dutch")
