"""The supervisor's and the institute's steps of an apprentice's coaching in the browser:
comments and blind coding on the footage, the plan kept hidden, the supervision recorded, F9
and the agreement at the institute, and a withdrawn consent that hides the footage."""

from __future__ import annotations

from uuid import uuid4

from playwright.async_api import Browser, Page, expect

from tests.e2e.conftest import Stack
from tests.e2e.workspace.steps import (
    Agency,
    indicator_passes,
    log_in,
    portal_account,
    reload_until,
    shot,
)
from tests.e2e.workspace.test_practitioner_cycle import person

COMMENT = "Look how she waits for his turn here"


async def comment_and_code(sup: Page) -> None:
    # The page's scripts wait on the planner; a busy machine takes a while.
    await expect(sup.locator("#coaching")).to_be_visible(timeout=60_000)
    video = sup.locator("#player video")
    await video.evaluate("v => { v.pause(); v.currentTime = 4.5; }")
    # Blind coding: the apprentice's three moments stay hidden, and nothing to edit.
    await expect(sup.locator("#moments-hidden")).to_be_visible()
    await expect(sup.locator("#moment-list li")).to_have_count(0)
    await expect(sup.locator("#timeline .moment-range")).to_have_count(0)
    await expect(sup.locator("#mark-moment")).to_be_hidden()
    await sup.fill("#comment-words", COMMENT)
    await sup.click("#comment-send")
    await expect(sup.locator("#coaching-lane .comment-mark")).to_have_count(1)
    for start, end, principle in (
        ("1.5", "3", "receiving_initiatives"),
        ("7", "9.5", "being_attentive"),
    ):
        await sup.fill("#coded-start", start)
        await sup.fill("#coded-end", end)
        await sup.select_option("#coded-principle", principle)
        await sup.click("#coded-add")
    await expect(sup.locator("#coded-list li")).to_have_count(2)
    await sup.fill("#coded-start", "9")
    await sup.fill("#coded-end", "99")
    await sup.click("#coded-add")
    await expect(sup.locator("#coded-error")).to_contain_text("past the end of the footage")
    await shot(sup, "21-supervisor-commented-and-coded")
    await sup.click("#coding-done")
    await expect(sup.locator("#coding-state")).to_contain_text("waiting for the apprentice")


async def plan_hidden_from_the_supervisor(sup: Page, case_url: str, moment_ids: list[str]) -> None:
    """Blind coding holds on the plan page too: no moment of the apprentice's plan, no
    question, no clip; the page says how many are hidden and offers no editing."""
    await sup.goto(f"{case_url}/plans")
    await expect(sup.locator("#plan-hidden")).to_contain_text(
        "3 moments of this plan are hidden from you until both codings"
    )
    await expect(sup.locator("#plan-list li")).to_have_count(0)
    await expect(sup.locator("#moment-choices li")).to_have_count(0)
    await expect(sup.locator("#moment-choices-empty")).to_contain_text("code their footage blind")
    await expect(sup.locator("#plan-save")).to_be_hidden()
    await expect(sup.locator("#plan-principle-search")).to_be_hidden()
    content = await sup.content()
    assert not [m for m in moment_ids if m in content]
    assert "What do you see?" not in content
    await shot(sup, "21a-supervisor-plan-page-blind")


async def supervisor_sees_the_moments_once_both_finished(sup: Page, player_url: str) -> None:
    await sup.goto(player_url)
    await expect(sup.locator("#coding-state")).to_contain_text("Both codings are finished")
    await expect(sup.locator("#moment-list li")).to_have_count(3)
    await expect(sup.locator("#moments-hidden")).to_be_hidden()
    await expect(sup.locator("#moment-list .moment-edit")).to_have_count(0)
    await shot(sup, "24b-supervisor-sees-the-apprentices-moments-without-edit")


async def record_supervision(sup: Page, url: str, agency: Agency) -> None:
    await sup.goto(f"{url}/workspace/supervision")
    await sup.fill("#supervision-duration_minutes", "90")
    await sup.locator("#supervision-footage input[type=checkbox]").first.check()
    await sup.fill("#supervision-note", "Talked about waiting for initiatives")
    await sup.click("button:text('Record the supervision')")
    apprentice = sup.locator(f"[data-apprentice='{agency.practitioner_id}']")
    await expect(apprentice.locator(".supervisions li")).to_have_count(1)
    await expect(apprentice.locator("[data-figure=hours]")).to_contain_text("1.5")
    await expect(apprentice.locator("[data-figure=days]")).to_contain_text("0")
    await shot(sup, "22-supervision-recorded")


async def comments_refused_where_unseen(sup: Page, agency: Agency, player_url: str) -> None:
    """A comment on footage of a case the supervisor may not see: a sentence, not a comment."""
    csrf = await sup.locator("meta[name=csrf-token]").get_attribute("content")
    origin = player_url.split("/workspace/", maxsplit=1)[0]
    forged = f"{origin}/workspace/api/cases/{uuid4()}/footage/{uuid4()}/comments"
    refused = await sup.request.post(
        forged, headers={"X-CSRF-Token": csrf or ""}, data={"at_s": 1, "words": "x"}
    )
    assert refused.status == 404
    assert "you may not see this footage" in (await refused.json())["detail"]


async def institute_sees_f9_and_agreement(
    browser: Browser, stack: Stack, agency: Agency, code: str
) -> None:
    staff = await (await person(browser)).new_page()
    url = stack.url("portal")
    await log_in(staff, url, *portal_account(agency, "institute_staff"))
    cells = staff.locator("table[data-table=indicators] tr:has(td:text-is('F9')) td")
    await reload_until(staff, f"{url}/cases/{code}", indicator_passes(staff, "F9"), "F9 passing")
    await expect(cells.nth(2)).to_have_text("pass")
    await expect(cells.nth(3)).to_contain_text("apprentice supervised at least every 31 days")
    await shot(staff, "25-institute-case-f9")
    agreement = staff.locator("table[data-table=agreement] tbody tr")
    for _ in range(30):
        await staff.goto(f"{url}/practitioners/{agency.practitioner_id}")
        if await agreement.count():
            break
        await staff.wait_for_timeout(1000)
    await expect(agreement.first).to_contain_text(code)
    assert "/footage/" not in await staff.content()
    await shot(staff, "26-institute-practitioner-agreement")


async def withdrawal_hides_the_footage(
    guide: Page, sup: Page, case_url: str, player_url: str
) -> None:
    """Training consent first (coaching on the footage is training), then supervision
    consent: each alone hides the case from the supervisor, and the apprentice is told why."""
    await guide.goto(case_url)
    for purpose, why in (("training", "training"), ("supervision_viewing", "supervision")):
        await guide.locator(f"tr[data-purpose={purpose}] button").click()
        await expect(guide.locator(f"tr[data-purpose={purpose}] button")).to_have_count(0)
        await expect(guide.locator("#supervisor-access")).to_contain_text(
            "withdrew training consent"  # the first withdrawal keeps the case hidden
        )
        await shot(guide, f"27-apprentice-told-why-{why}")
        for address in (player_url, case_url, f"{case_url}/plans"):
            response = await sup.goto(address)
            assert response is not None
            assert response.status == 404, f"{purpose} {address}: {response.status}"
    await shot(sup, "28-supervisor-footage-gone")
