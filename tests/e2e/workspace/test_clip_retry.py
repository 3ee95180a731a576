"""A clip that could not be made, in headless Chromium through the running stack: the
footage's renditions are away from MinIO while the real transcode workers cut the clip, so
they give up and say why; the practitioner sees the reason, the renditions come back, and
"Ask again" has the clip made."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from minio.commonconfig import CopySource
from playwright.async_api import Browser, expect

from tests.e2e.conftest import Stack
from tests.e2e.flows import minio
from tests.e2e.workspace.steps import register_agency, shot
from tests.e2e.workspace.test_feedback_review import case_with_tagged_moments

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(1800)]


@contextmanager
def renditions_away(stack: Stack, footage_id: str) -> Iterator[None]:
    """The footage's renditions moved aside in its bucket, and put back afterwards."""
    client, bucket = minio(stack), stack.env.get("SPIN_S3_BUCKET", "spin-footage")
    keys = [
        o.object_name
        for o in client.list_objects(bucket, prefix=f"renditions/{footage_id}/", recursive=True)
        if o.object_name
    ]
    assert keys, f"footage {footage_id} has no renditions to move"
    for key in keys:
        client.copy_object(bucket, f"aside/{key}", CopySource(bucket, key))
        client.remove_object(bucket, key)
    try:
        yield
    finally:
        for key in keys:
            client.copy_object(bucket, key, CopySource(bucket, f"aside/{key}"))
            client.remove_object(bucket, f"aside/{key}")


async def test_a_clip_that_could_not_be_made_is_asked_for_again(
    stack: Stack, browser: Browser, tmp_path: Path
) -> None:
    agency = register_agency(stack)
    guide, _ = await case_with_tagged_moments(browser, stack, agency, tmp_path)
    footage_id = re.split(r"[/?#]", guide.url.split("/footage/")[1])[0]
    await guide.goto(f"{re.sub(r'/footage/.*', '', guide.url)}/plans")
    await guide.locator("#moment-choices li").nth(0).locator("button").click()
    await guide.click("#plan-save")
    await expect(guide.locator("#plan-notice")).to_have_text("The plan is saved.")

    failed = guide.locator("#clip-status li[data-status=failed]")
    with renditions_away(stack, footage_id):
        await guide.click("#plan-make-clips")
        await expect(failed).to_have_count(1, timeout=240_000)
    await expect(failed).to_contain_text("could not be made: ")
    await expect(guide.locator("#clip-progress")).to_be_hidden()
    await shot(guide, "25-clip-could-not-be-made")

    await failed.get_by_role("button", name="Ask again for clip 1").click()
    made = guide.locator("#clip-status li[data-status=rendered]")
    await expect(made).to_have_count(1, timeout=240_000)
    await expect(failed).to_have_count(0)
    await expect(guide.locator("#reels video")).to_have_count(1)
    await shot(guide, "26-clip-made-when-asked-again")
