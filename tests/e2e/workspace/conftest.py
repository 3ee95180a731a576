"""The browser the workspace's tests drive: headless Chromium from Debian."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from playwright.async_api import Browser, async_playwright, expect

from tests.e2e.workspace.steps import CHROMIUM_ARGS

# Pages wait on the planner and on scripts; a busy two-core machine takes seconds, not one.
expect.set_options(timeout=20_000)


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        yield chromium
        await chromium.close()
