"""Uploads from the browser when things go wrong: the connection drops halfway and comes back
(the upload resumes where it stopped), and a photo renamed .mp4 (refused, in words: in Dutch
for a Dutch reader, Uppy's own words too)."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from playwright.async_api import Browser, Page, expect
from spin_contracts.claims import Role

from tests.e2e.conftest import Stack
from tests.e2e.workspace.steps import (
    Agency,
    log_in,
    portal_account,
    register_agency,
    shot,
)

pytestmark = pytest.mark.e2e
MIB = 1024 * 1024


def filming_of_a_new_case(stack: Stack, agency: Agency) -> tuple[str, str]:
    """Through the planner API as the practitioner: a consented case and its filming."""
    token = stack.issuer.mint(
        subject=agency.practitioner_id,
        role=Role.PRACTITIONER,
        institute_id=agency.institute_id,
        agency_id=agency.agency_id,
        site_id=agency.site_id,
    )
    now = datetime.now(UTC)
    with httpx.Client(
        base_url=stack.url("planner"), headers={"Authorization": f"Bearer {token}"}, timeout=30
    ) as planner:
        case = planner.post(
            "/cases",
            json={
                "delivery_setting": "foster_kinship",
                "caregivers": [{"relation": "foster mother"}],
                "children": [{"age": 4}],
                "opened_on": now.date().isoformat(),
            },
        ).json()
        consent = {"purpose": "filming", "granted_at": (now - timedelta(minutes=9)).isoformat()}
        assert planner.post(f"/cases/{case['id']}/consents", json=consent).status_code == 201
        filming = planner.post(
            f"/cases/{case['id']}/sessions/filming",
            json={
                "held_at": (now - timedelta(minutes=5)).isoformat(),
                "duration_minutes": 30,
                "children_present": True,
            },
        )
        assert filming.status_code == 201, filming.text
    return case["id"], filming.json()["id"]


def large_video(folder: Path) -> Path:
    """About 30 MB of real H.264 (a high bit rate), so the upload takes several chunks."""
    path = folder / "MVI_0042.MP4"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=25",
         "-t", "16", "-c:v", "libx264", "-preset", "ultrafast", "-b:v", "30M",
         "-pix_fmt", "yuv420p", str(path)],
        check=True,
    )  # fmt: skip
    return path


def photo_named_as_video(folder: Path) -> Path:
    photo = folder / "photo.jpg"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=640x360",
         "-frames:v", "1", str(photo)],
        check=True,
    )  # fmt: skip
    renamed = folder / "IMG_0007.mp4"
    photo.rename(renamed)
    return renamed


async def filming_page(
    browser: Browser, stack: Stack, language: str | None = None
) -> tuple[Page, str]:
    """The filming session's page; in `language` when given (the practitioner's own choice)."""
    agency = register_agency(stack)
    case_id, session_id = filming_of_a_new_case(stack, agency)
    context = await browser.new_context(timezone_id="UTC", viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    url = stack.url("portal")
    await log_in(page, url, *portal_account(agency, "practitioner", agency.practitioner_id))
    if language:
        await page.click("[data-language-link]")
        await page.select_option("[data-form=language] select", language)
        await page.click("[data-form=language] button")
        await expect(page.locator("html")).to_have_attribute("lang", language)
    await page.goto(f"{url}/workspace/cases/{case_id}/sessions/{session_id}")
    return page, session_id


async def choose_and_start(page: Page, path: Path) -> None:
    await page.set_input_files("#uploader input[type=file] >> nth=0", str(path))
    start = page.locator("#uploader .uppy-StatusBar-actionBtn--upload")
    if await start.count():
        await start.click()


async def test_an_upload_cut_off_halfway_resumes(
    stack: Stack, browser: Browser, tmp_path: Path
) -> None:
    page, _ = await filming_page(browser, stack)
    video = large_video(tmp_path)
    assert video.stat().st_size > 2 * 8 * MIB
    network = await page.context.new_cdp_session(page)
    slow = {"offline": False, "latency": 20, "downloadThroughput": -1}
    await network.send("Network.emulateNetworkConditions", {**slow, "uploadThroughput": 6 * MIB})
    await choose_and_start(page, video)
    progress = page.locator("#uploader .uppy-StatusBar-progress")
    await expect(page.locator("#uploader .uppy-StatusBar")).to_contain_text("%", timeout=30_000)
    for _ in range(200):  # a first chunk is in: then the connection goes
        width = await progress.evaluate("e => parseFloat(e.style.width) || 0")
        if width >= 30:
            break
        await page.wait_for_timeout(100)
    await page.context.set_offline(True)
    await page.wait_for_timeout(4000)
    await shot(page, "20-upload-offline")
    await page.context.set_offline(False)
    await network.send("Network.emulateNetworkConditions", {**slow, "uploadThroughput": -1})
    await expect(page.locator("#uploader")).to_contain_text("Complete", timeout=120_000)
    await shot(page, "21-upload-resumed-and-complete")
    rows = page.locator("#footage-status tr[data-footage-id]")
    await expect(rows).to_have_count(1, timeout=30_000)


async def test_a_photo_renamed_mp4_is_refused_in_words(
    stack: Stack, browser: Browser, tmp_path: Path
) -> None:
    page, _ = await filming_page(browser, stack)
    await choose_and_start(page, photo_named_as_video(tmp_path))
    refusal = page.locator("#uploader-refusals li")
    await expect(refusal).to_have_count(1, timeout=60_000)
    await expect(refusal).to_contain_text("video")
    await shot(page, "22-photo-refused")
    await expect(page.locator("#footage-status tr[data-footage-id]")).to_have_count(0)


async def test_a_dutch_readers_refused_upload_is_refused_in_dutch(
    stack: Stack, browser: Browser, tmp_path: Path
) -> None:
    page, _ = await filming_page(browser, stack, language="nl")
    await expect(page.locator("html")).to_have_attribute("lang", "nl")
    await choose_and_start(page, photo_named_as_video(tmp_path))
    refusal = page.locator("#uploader-refusals li")
    await expect(refusal).to_have_count(1, timeout=60_000)
    # Ingest's own sentence, in the page's language (upload.js sends Accept-Language).
    await expect(refusal).to_contain_text("dit bestand is geen video die deze dienst aanneemt")
    await expect(page.locator("#uploader .uppy-Dashboard")).to_contain_text("bestand")
    await shot(page, "23-photo-refused-in-dutch")
