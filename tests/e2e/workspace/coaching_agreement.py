"""Agreement between the apprentice's and the supervisor's coding: Cohen's kappa written out
here, independently of the planner's, and checked against the agreement table on the page."""

from __future__ import annotations

from typing import Any

from playwright.async_api import Page


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
