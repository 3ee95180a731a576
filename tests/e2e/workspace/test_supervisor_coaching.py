"""An apprentice's coaching in headless Chromium, through the running stack: the supervisor
sees the apprentice's case (supervision consent), comments on a time of the footage, codes it
independently and records the supervision; the apprentice sees the comment on the timeline,
replies and finishes their coding; the kappa shown equals one computed here from the two sets
of moments; the institute sees F9 with its reason and the agreement without footage; a
withdrawn consent hides the footage from the supervisor at once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, expect

from tests.e2e.conftest import Stack
from tests.e2e.flows import camera_file
from tests.e2e.workspace.coaching_agreement import kappa_matches_the_moments
from tests.e2e.workspace.coaching_steps import (
    COMMENT,
    comment_and_code,
    comments_refused_where_unseen,
    institute_sees_f9_and_agreement,
    plan_hidden_from_the_supervisor,
    record_supervision,
    supervisor_sees_the_moments_once_both_finished,
    withdrawal_hides_the_footage,
)
from tests.e2e.workspace.steps import Agency, log_in, portal_account, register_agency, shot
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


async def test_a_supervisor_coaches_an_apprentice_in_the_browser(
    stack: Stack, browser: Browser, tmp_path: Path
) -> None:
    started = (datetime.now(UTC) - timedelta(days=20)).date().isoformat()
    agency = register_agency(stack, apprenticeship_started_on=started)
    url = stack.url("portal")
    guide = await (await person(browser)).new_page()
    await log_in(guide, url, *portal_account(agency, "practitioner", agency.practitioner_id))
    case_url, code = await open_case(guide)
    await consent_to_supervision_and_training(guide)
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
    await supervisor_finds_the_apprentice(sup, url, agency, code, player_url)
    await comment_and_code(sup)
    await plan_hidden_from_the_supervisor(sup, case_url, moment_ids)
    audit_page = await sup.goto(f"{url}/cases/{code}")  # institute's: counts the clips shown
    assert audit_page is not None
    assert audit_page.status == 404
    await record_supervision(sup, url, agency)
    await comments_refused_where_unseen(sup, agency, player_url)

    await apprentice_replies_and_finishes(guide)
    await kappa_matches_the_moments(guide)
    await supervisor_sees_the_moments_once_both_finished(sup, player_url)
    await supervisor_reads_the_plan(sup, case_url)
    await institute_sees_f9_and_agreement(browser, stack, agency, code)
    await withdrawal_hides_the_footage(guide, sup, case_url, player_url)


async def consent_to_supervision_and_training(guide: Page) -> None:
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


async def supervisor_finds_the_apprentice(
    sup: Page, url: str, agency: Agency, code: str, player_url: str
) -> None:
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


async def apprentice_replies_and_finishes(guide: Page) -> None:
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


async def supervisor_reads_the_plan(sup: Page, case_url: str) -> None:
    await sup.goto(f"{case_url}/plans")
    await expect(sup.locator("#plan-list li")).to_have_count(3)
    await expect(sup.locator("#plan-hidden")).to_be_hidden()
    await expect(sup.locator("#plan-list textarea").first).to_have_value("What do you see?")
    await expect(sup.locator("#plan-list textarea").first).not_to_be_editable()
    await expect(sup.locator("#plan-list button").first).to_be_hidden()  # read only
    await shot(sup, "24c-supervisor-reads-the-plan")


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
