"""The institute's vocabulary page, in headless Chromium: institute staff switch to the VHT
terms and rename one; their practitioner's picker vocabulary (the workspace's relay of the
planner's GET /vocabulary) offers the VHT terms under the institute's name, each still mapped
to its canonical level."""

from __future__ import annotations

import pytest
from playwright.async_api import Browser, expect

from tests.e2e.conftest import Stack
from tests.e2e.workspace.steps import logged_in, register_agency, shot

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]
VHT = "vht_basic_communication_1994"
RENAMED = "Turn-taking, our way"


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
