"""An agency admin gives a practitioner an account; the practitioner sets a password and is in."""

from __future__ import annotations

from playwright.async_api import Browser, expect
from spin_portal.api.app import create_app

from tests.e2e.portal.test_browser import browser, log_in, shot
from tests.integration.portal.support import (
    add_users,
    portal_settings,
    publish,
    settled,
    small_dataset,
)
from tests.support.http import serving
from tests.support.isolation import Isolation

__all__ = ["browser"]  # the fixture, used by name


async def test_an_admin_creates_an_account_and_the_link_logs_the_person_in(
    isolated: Isolation, browser: Browser
) -> None:
    settings = portal_settings(isolated, cookie_secure=False)
    events = small_dataset()
    app = create_app(settings)
    async with serving(app) as url:
        engine = app.state.runtime.engine
        await publish(settings, events)
        await add_users(engine)
        await settled(engine, len(events))
        page = await (await browser.new_context()).new_page()
        await log_in(page, url, "admin1")
        await page.goto(f"{url}/accounts")
        await expect(page.locator("h1")).to_have_text("Accounts")
        form = page.locator("form[data-form=new-account]")
        await form.locator("input[name=username]").fill("admin2")  # taken, by another agency
        await form.locator("select[name=practitioner_id]").select_option(index=1)
        await form.locator("button").click()
        await expect(page.locator("#username-problem")).to_contain_text("is taken")
        await expect(form.locator("input[name=username]")).to_have_value("admin2")
        await shot(page, "11-accounts-bad-input")

        await form.locator("input[name=username]").fill("lee")
        await form.locator("button").click()
        link = page.locator("[data-link]")
        await expect(link).to_contain_text("/set-password/")
        await expect(page.locator("tr[data-account=lee] td").nth(4)).to_have_text("yes")
        await shot(page, "12-accounts-link-made")
        address = (await link.inner_text()).strip()

        await _person_sets_password_and_logs_in(browser, url, address)

        used = await (await browser.new_context()).new_page()
        response = await used.goto(address)
        assert response is not None
        assert response.status == 410
        await expect(used.get_by_role("alert")).to_have_text("This link has been used already.")
        await shot(used, "16-set-password-link-used")


async def _person_sets_password_and_logs_in(browser: Browser, url: str, address: str) -> None:
    """Two passwords that differ are refused; then the person is in their workspace."""
    person = await (await browser.new_context()).new_page()
    await person.goto(address)
    await expect(person.locator("[data-username]")).to_have_text("lee")
    await person.fill("input[name=password]", "a long enough secret")
    await person.fill("input[name=password_again]", "not the same secret")
    await person.click("button:text('Set password and log in')")
    await expect(person.get_by_role("alert")).to_contain_text("The two passwords differ")
    await shot(person, "13-set-password-differ")
    await person.fill("input[name=password]", "a long enough secret")
    await person.fill("input[name=password_again]", "a long enough secret")
    await person.click("button:text('Set password and log in')")
    await expect(person).to_have_url(f"{url}/workspace")
    await shot(person, "14-workspace-after-set-password")
    refused = await person.goto(f"{url}/accounts")  # logged in, but not an admin
    assert refused is not None
    assert refused.status == 403
    await expect(person.locator("header .who")).to_contain_text("lee (practitioner)")
    await shot(person, "15-logged-in-practitioner")
