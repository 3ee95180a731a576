"""An apprentice's coaching in headless Chromium, through the running stack: the supervisor
sees the apprentice's case (supervision consent), comments on a time of the footage, codes it
independently and records the supervision; the apprentice sees the comment on the timeline,
replies and finishes their coding; the kappa shown equals one computed here from the two sets
of moments; the institute sees F9 with its reason and the agreement without footage; a
withdrawn consent hides the footage from the supervisor at once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from playwright.async_api import Browser, Page, expect

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
from tests.e2e.workspace.test_practitioner_cycle import (
    VIDEO_SECONDS,
    minutes_ago,
    open_case,
    person,
    prepare_filming,
    tag_three_moments,
    upload,
)

# Two people work a whole cycle here (upload, transcode, coaching): longer than one test.
pytestmark = [pytest.mark.e2e, pytest.mark.timeout(1800)]
COMMENT = "Look how she waits for his turn here"


def kappa(first: list[bool], second: list[bool]) -> float | None:
    """Cohen's kappa of two yes/no sequences, written out independently of the planner's."""
    n = len(first)
    agree = sum(a == b for a, b in zip(first, second, strict=True)) / n
    yes = (sum(first) / n) * (sum(second) / n)
    no = (1 - sum(first) / n) * (1 - sum(second) / n)
    chance = yes + no
    return None if chance == 1 else (agree - chance) / (1 - chance)


def coded(moments: list[dict[str, Any]], principle: str, duration: float) -> list[bool]:
    """One-second slices, each sampled at its midpoint."""
    slices = int(-(-duration // 1))
    return [
        any(
            m["start_s"] <= i + 0.5 < m["end_s"]
            and (principle == "any" or principle in {p.split(".")[0] for p in m["principles"]})
            for m in moments
        )
        for i in range(slices)
    ]


async def test_a_supervisor_coaches_an_apprentice_in_the_browser(
    stack: Stack, browser: Browser, tmp_path: Path
) -> None:
    started = (datetime.now(UTC) - timedelta(days=20)).date().isoformat()
    agency = register_agency(stack, apprenticeship_started_on=started)
    url = stack.url("portal")
    guide = await (await person(browser)).new_page()
    await log_in(guide, url, *portal_account(agency, "practitioner", agency.practitioner_id))
    case_url, code = await open_case(guide)
    await prepare_filming(guide)
    await guide.select_option("#consent-purpose", "supervision_viewing")
    await guide.fill("#consent-granted_at", minutes_ago(35))
    await guide.click("button:text('Record consent')")
    await expect(guide.locator("#supervisor-access")).to_contain_text("Your supervisor sees")
    await guide.select_option("#consent-purpose", "training")
    await guide.fill("#consent-granted_at", minutes_ago(34))
    await guide.click("button:text('Record consent')")
    await expect(guide.locator("tr[data-purpose=training]")).to_have_count(1)
    await expect(guide.locator("#supervisor-access")).to_contain_text("Your supervisor sees")
    await guide.click("#sessions a")
    await upload(guide, camera_file(tmp_path, VIDEO_SECONDS))
    state = guide.locator("#footage-status .footage-state").first
    await expect(state).to_contain_text("Playable", timeout=180_000)
    await guide.click("#footage-status a:text('Watch and tag')")
    await tag_three_moments(guide)
    player_url = guide.url
    moment_ids = await plan_of_the_three(guide)

    sup = await (await person(browser)).new_page()
    await log_in(sup, url, *portal_account(agency, "supervisor", agency.supervisor_id))
    await sup.goto(f"{url}/workspace")  # not whether the apprentice tagged it yet (blind)
    await expect(sup.locator(f"tr[data-case-code='{code}'] .next-step")).to_have_text(
        "Your apprentice's case: coach it from My apprentices"
    )
    await sup.goto(f"{url}/workspace/supervision")
    apprentice = sup.locator(f"[data-apprentice='{agency.practitioner_id}']")
    await expect(apprentice.locator(f"tr[data-case-code='{code}']")).to_have_count(1)
    await expect(apprentice.locator("[data-figure=months]")).to_contain_text("0")
    await shot(sup, "20-supervisor-sees-the-apprentice")
    await apprentice.locator("a.watch").first.click()
    await expect(sup).to_have_url(player_url)
    await comment_and_code(sup)
    await plan_hidden_from_the_supervisor(sup, case_url, moment_ids)
    audit_page = await sup.goto(f"{url}/cases/{code}")  # institute's: counts the clips shown
    assert audit_page is not None
    assert audit_page.status == 404

    await record_supervision(sup, url, agency)
    await comments_refused_where_unseen(sup, agency, player_url)

    await guide.reload()
    await expect(guide.locator("#coaching-lane .comment-mark")).to_have_count(1, timeout=60_000)
    await expect(guide.locator(".comment-thread")).to_contain_text(COMMENT)
    await expect(guide.locator("#coded-list li")).to_have_count(0)  # hidden until both finish
    await shot(guide, "23-apprentice-sees-the-comment-on-the-timeline")
    reply = guide.locator(".comment-thread form.reply-form")
    await reply.locator("textarea").fill("I saw it too, I will keep waiting")
    await reply.locator("button").click()
    await expect(guide.locator(".comment--reply")).to_contain_text("keep waiting")
    await guide.click("#coding-done")
    await expect(guide.locator("#agreement-table tbody tr").first).to_be_visible()
    await expect(guide.locator("#coded-list li")).to_have_count(2)
    await shot(guide, "24-agreement")
    await kappa_matches_the_moments(guide)
    await supervisor_sees_the_moments_once_both_finished(sup, player_url)
    await sup.goto(f"{case_url}/plans")
    await expect(sup.locator("#plan-list li")).to_have_count(3)
    await expect(sup.locator("#plan-hidden")).to_be_hidden()
    await expect(sup.locator("#plan-list textarea").first).to_have_value("What do you see?")
    await expect(sup.locator("#plan-list textarea").first).not_to_be_editable()
    await expect(sup.locator("#plan-list button").first).to_be_hidden()  # read only
    await shot(sup, "24c-supervisor-reads-the-plan")

    await institute_sees_f9_and_agreement(browser, stack, agency, code)
    await withdrawal_hides_the_footage(guide, sup, case_url, player_url)


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


async def plan_of_the_three(guide: Page) -> list[str]:
    """The apprentice puts the three moments into a feedback plan; their ids."""
    origin = guide.url.split("/workspace/")[0]
    moments_url = await guide.locator("#workspace-player").get_attribute("data-moments-url")
    ids = [
        m["id"] for m in (await (await guide.request.get(f"{origin}{moments_url}")).json())["items"]
    ]
    assert len(ids) == 3
    csrf = await guide.locator("meta[name=csrf-token]").get_attribute("content")
    case_id = guide.url.split("/cases/")[1].split("/")[0]
    made = await guide.request.post(
        f"{origin}/workspace/api/cases/{case_id}/feedback-plans",
        headers={"X-CSRF-Token": csrf or ""},
        data={"moment_ids": ids, "questions": ["What do you see?", "And here?", "And now?"]},
    )
    assert made.status == 201, await made.text()
    return ids


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


async def kappa_matches_the_moments(guide: Page) -> None:
    root = guide.locator("#workspace-player")
    duration = float(await root.get_attribute("data-duration") or 0)
    origin = guide.url.split("/workspace/")[0]
    own = await guide.request.get(f"{origin}{await root.get_attribute('data-moments-url')}")
    coding = await guide.request.get(
        f"{origin}{await guide.locator('#coaching').get_attribute('data-coding-url')}"
    )
    apprentice = (await own.json())["items"]
    supervisor = (await coding.json())["supervisor_moments"]
    rows = guide.locator("#agreement-table tbody tr")
    assert await rows.count() >= 2
    for index in range(await rows.count()):
        row = rows.nth(index)
        principle = await row.get_attribute("data-principle")
        assert principle is not None
        expected = kappa(
            coded(apprentice, principle, duration), coded(supervisor, principle, duration)
        )
        shown = await row.locator("td").nth(1).get_attribute("data-kappa")
        if expected is None:
            assert shown == "", principle
            assert "not comparable" in await row.locator("td").nth(1).inner_text()
        else:
            assert shown, principle
            assert abs(float(shown) - expected) < 1e-5, (principle, shown, expected)
            assert await row.locator("td").nth(1).inner_text() == f"{expected:.2f}"


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
