"""Object storage away while footage is due to go: the erasure is retried with a growing wait,
the portal's pipeline page lists it as overdue, and no footage.erased is published while its
objects are still there; once storage is back the erasure finishes, once. Real servers; the
transcode service reaches MinIO through a proxy the test takes down."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from spin_contracts.events import directory
from spin_portal.api.app import create_app as create_portal
from spin_transcode.adapters.tables import ERASURE_JOBS
from spin_transcode.api.app import create_app
from spin_transcode.settings import TranscodeSettings
from spincore.db import make_engine
from sqlalchemy import select

from tests.integration.portal.support import add_users, log_in, portal_settings
from tests.integration.transcode.harness import Outcomes, Uploader, until
from tests.integration.transcode.lifecycle_harness import Lifecycle
from tests.support.cutting_proxy import CuttingProxy, cutting_proxy
from tests.support.http import serving
from tests.support.isolation import Isolation
from tests.support.servers import Endpoints

pytestmark = pytest.mark.integration
CASE = "CASE-0900"


@dataclass
class Outage:
    proxy: CuttingProxy
    settings: TranscodeSettings
    life: Lifecycle
    portal: httpx.AsyncClient


@pytest.fixture
async def outage(servers: Endpoints, auth_keys: tuple[Path, Path]) -> AsyncIterator[Outage]:
    isolation = Isolation(servers, extra_env={"auth_public_key_file": auth_keys[1]})
    await isolation.create_topics()
    direct = isolation.settings(TranscodeSettings, log_level="WARNING")
    uploader, outcomes = Uploader(direct), Outcomes(direct)
    await uploader.start()
    await outcomes.start()
    portal = create_portal(
        portal_settings(isolation, cookie_secure=False, db_schema=f"{isolation.schema}_portal")
    )
    try:
        async with cutting_proxy(f"http://{servers.s3_endpoint}") as (proxy, url):
            settings = isolation.settings(
                TranscodeSettings,
                s3_endpoint=urlsplit(url).netloc,
                transcode_workers=1,
                transcode_min_free_bytes=0,
                erase_after_withdrawal_s=0,
                erasure_check_s=0.2,
                erasure_first_backoff_s=0.3,
                erasure_max_backoff_s=2,
                log_level="WARNING",
            )
            async with serving(create_app(settings)), serving(portal) as portal_url:
                await add_users(portal.state.runtime.engine)
                async with httpx.AsyncClient(base_url=portal_url, timeout=30) as admin:
                    yield Outage(proxy, settings, Lifecycle(uploader, outcomes), admin)
    finally:
        await outcomes.stop()
        await uploader.stop()
        await isolation.clean_up()


async def _job(settings: TranscodeSettings) -> Any:
    engine = make_engine(settings)
    try:
        async with engine.connect() as conn:
            return (await conn.execute(select(ERASURE_JOBS))).first()
    finally:
        await engine.dispose()


async def _agency_known(outage: Outage) -> None:
    """The portal's directory: the agency whose admin reads the pipeline page."""
    for event in (
        directory.InstituteRegistered(institute_id="inst-1", name="SPIN Test", country="NL"),
        directory.AgencyRegistered(agency_id="agency-1", institute_id="inst-1", name="A1"),
    ):
        await outage.life.uploader.announce(event, producer="planner")


async def _upcoming(outage: Outage) -> str:
    page = (await outage.portal.get("/pipeline")).text
    return page.split('data-table="erasures"')[1].split("</table>")[0]


async def test_storage_away_the_erasure_waits_is_overdue_and_finishes_once_back(
    outage: Outage,
) -> None:
    life, proxy = outage.life, outage.proxy
    await _agency_known(outage)
    footage = await life.still_uploading(CASE)
    await log_in(outage.portal, "admin1")

    proxy.go_down()
    await life.withdraw_filming(CASE)

    async def retried() -> bool:
        job = await _job(outage.settings)
        return job is not None and job.attempts >= 3

    await until(retried, 60, "the erasure tried three times")
    job = await _job(outage.settings)
    assert job.status == "running"
    assert job.last_error
    assert job.next_attempt_at is not None, "a next attempt, after the backoff"
    assert job.erased_at is None
    assert life.erased(footage.footage_id) == [], "never erased while its objects are there"
    assert footage.object_key in life.unfinished_uploads()
    assert any(str(footage.upload_id) in key for key in life.objects("staging/"))

    async def overdue() -> bool:
        return "overdue" in await _upcoming(outage)

    await until(overdue, 60, "the pipeline page lists the erasure as overdue")
    assert str(footage.footage_id) in await _upcoming(outage)

    proxy.come_back()
    await until(lambda: bool(life.erased(footage.footage_id)), 60, "erased once storage is back")
    assert footage.object_key not in life.unfinished_uploads()
    assert not any(str(footage.upload_id) in key for key in life.objects("staging/"))
    await asyncio.sleep(1)  # more passes of the runner: one footage.erased only
    assert len(life.erased(footage.footage_id)) == 1

    async def gone_from_the_page() -> bool:
        return str(footage.footage_id) not in await _upcoming(outage)

    await until(gone_from_the_page, 60, "what is erased is no longer upcoming")
