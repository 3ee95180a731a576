"""Steps of the workspace's browser tests: a directory through the planner, portal accounts,
logging in, waiting for the read model, and the screenshots kept as artifacts."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from uuid import uuid4

import httpx
from playwright.async_api import Browser, BrowserContext, Page, Response
from spin_contracts.claims import Role

from tests.e2e.conftest import Stack
from tests.e2e.flows import portal_login
from tests.support.servers import ROOT

ARTIFACTS = ROOT / "test-artifacts" / "workspace"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]


@dataclass(frozen=True)
class Agency:
    institute_id: str
    agency_id: str
    site_id: str
    practitioner_id: str
    colleague_id: str
    supervisor_id: str


def register_agency(
    stack: Stack, institute_id: str | None = None, apprenticeship_started_on: str | None = None
) -> Agency:
    """An agency with one site, a supervisor and two practitioners they supervise (apprentices
    since `apprenticeship_started_on`, when given)."""
    s = uuid4().hex[:8]
    a = Agency(
        institute_id or f"inst-{s}",
        f"agency-{s}",
        f"site-{s}",
        f"guide-{s}",
        f"peer-{s}",
        f"sup-{s}",
    )
    token = stack.issuer.mint(
        subject="e2e-operator", role=Role.SERVICE, institute_id=a.institute_id
    )
    calls: list[tuple[str, dict[str, object]]] = [
        ("/agencies", {"id": a.agency_id, "institute_id": a.institute_id, "name": f"Agency {s}"}),
        ("/sites", {"id": a.site_id, "agency_id": a.agency_id, "name": f"Site {s}"}),
        (
            "/practitioners",
            {"id": a.supervisor_id, "site_id": a.site_id, "display_name": "Sam Sup"},
        ),
    ]
    if institute_id is None:
        calls.insert(0, ("/institutes", {"id": a.institute_id, "name": "E2E", "country": "NL"}))
    for practitioner, name in ((a.practitioner_id, "Pat Guide"), (a.colleague_id, "Cas Peer")):
        calls.append(
            (
                "/practitioners",
                {
                    "id": practitioner,
                    "site_id": a.site_id,
                    "display_name": name,
                    "supervisor_id": a.supervisor_id,
                    "apprenticeship_started_on": apprenticeship_started_on,
                },
            )
        )
    with httpx.Client(
        base_url=stack.url("planner"), headers={"Authorization": f"Bearer {token}"}, timeout=30
    ) as planner:
        for path, entry in calls:
            answer = planner.post(path, json=entry)
            assert answer.status_code == 201, f"{path}: {answer.text}"
    return a


def portal_account(
    agency: Agency, role: str, practitioner_id: str | None = None
) -> tuple[str, str]:
    return portal_login(
        role, agency.institute_id, agency.agency_id, agency.site_id, practitioner_id
    )


async def person(browser: Browser, locale: str) -> BrowserContext:
    """A browser of its own (cookies, language) on a laptop whose clock is set to UTC."""
    return await browser.new_context(
        locale=locale, timezone_id="UTC", viewport={"width": 1280, "height": 900}
    )


async def log_in(page: Page, url: str, username: str, password: str) -> None:
    """The login form in any language (its one button)."""
    await page.goto(f"{url}/login")
    await page.fill("input[name=username]", username)
    await page.fill("input[name=password]", password)
    await page.click("form.login button")


async def logged_in(
    browser: Browser,
    url: str,
    agency: Agency,
    role: str,
    practitioner_id: str | None = None,
    locale: str = "en-US",
) -> Page:
    """A page of a new person of `agency`, logged in to the portal as `role`."""
    page = await (await person(browser, locale)).new_page()
    await log_in(page, url, *portal_account(agency, role, practitioner_id))
    return page


async def shot(page: Page, name: str, *, of: str | None = None) -> None:
    """The whole page, or only the element `of` names: a full-page capture resizes the
    viewport, which hides what only the pointer's hover shows (the player's scrub preview)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = str(ARTIFACTS / f"{name}.png")
    if of is not None:
        await page.locator(of).screenshot(path=path)
    else:
        await page.screenshot(path=path, full_page=True)


async def reload_until(
    page: Page,
    url: str,
    shown: Callable[[Response | None], Awaitable[bool]],
    waiting_for: str,
    seconds: float = 150.0,
) -> float:
    """Reload `url` until `shown` says the page has it (the portal's read model learns from the
    planner's events, so a page lags its write); the seconds it took. Fails loudly, saying what
    it waited for, after `seconds` (generous: a loaded CI machine projects slowly)."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if await shown(await page.goto(url)):
            return time.monotonic() - started
        await page.wait_for_timeout(1000)
    await shot(page, "timed-out-" + url.rsplit("/", 1)[-1])
    raise AssertionError(f"after {seconds:.0f} s {url} still did not show {waiting_for}")


def indicator_passes(page: Page, indicator: str) -> Callable[[Response | None], Awaitable[bool]]:
    """A `shown` for reload_until: the page's indicator table has `indicator` passing."""

    async def passes(_: Response | None) -> bool:
        cells = page.locator(f"table[data-table=indicators] tr:has(td:text-is('{indicator}')) td")
        return bool(await cells.count()) and await cells.nth(2).inner_text() == "pass"

    return passes


def reason_shown(
    page: Page, indicator: str, reason: str
) -> Callable[[Response | None], Awaitable[bool]]:
    """A `shown` for reload_until: the page's indicator table says `reason` for `indicator`
    (in any language, where indicator_passes reads the English outcome)."""

    async def shown(_: Response | None) -> bool:
        row = page.locator(f"table[data-table=indicators] tr:has(td:text-is('{indicator}'))")
        return bool(await row.count()) and reason in await row.inner_text()

    return shown
