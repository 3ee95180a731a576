"""The real erasing process (`spin-transcode-admin erase-due`), SIGKILLed mid-erasure, and run
again: the second run finishes the job, nothing of the footage is left, and exactly one
footage.erased lists every object, those the killed run had deleted included."""

from __future__ import annotations

import asyncio
import io
import os
import signal
import subprocess
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from uuid import UUID

import pytest
from spin_transcode.adapters.tables import ERASURE_JOBS
from spin_transcode.api.app import create_app
from spin_transcode.settings import TranscodeSettings
from spincore.db import make_engine
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.integration.transcode.harness import Outcomes, Uploader, until
from tests.integration.transcode.lifecycle_harness import Lifecycle
from tests.integration.transcode.lifecycle_service import ADMIN
from tests.integration.transcode.processes import environment
from tests.support.http import serving
from tests.support.isolation import Isolation

pytestmark = pytest.mark.integration
OBJECTS = 6000
CASE = "CASE-0500"


def _fill(life: Lifecycle, prefix: str) -> None:
    s3 = life.uploader.s3
    with ThreadPoolExecutor(16) as pool:
        list(
            pool.map(
                lambda n: s3.put_object(life.bucket, f"{prefix}{n:05}.jpg", io.BytesIO(b"x"), 1),
                range(OBJECTS),
            )
        )


async def _erasure_job(engine: AsyncEngine) -> tuple[str, bool] | None:
    """The erasure job's status, and whether its inventory is kept."""
    async with engine.connect() as conn:
        row = (
            await conn.execute(select(ERASURE_JOBS.c.status, ERASURE_JOBS.c.inventory.is_not(None)))
        ).first()
    return (row[0], row[1]) if row else None


def _erase_due(settings: TranscodeSettings) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ADMIN), "erase-due"],
        env=environment(settings),
        check=False,
        timeout=300,
        capture_output=True,
        text=True,
    )


async def _next_run_finishes(
    settings: TranscodeSettings,
    engine: AsyncEngine,
    life: Lifecycle,
    prefix: str,
    footage_id: UUID,
    left: int,
) -> None:
    """The next run deletes what is left and announces every object erased, once."""
    second = await asyncio.to_thread(_erase_due, settings)
    assert second.returncode == 0, second.stderr
    assert await _erasure_job(engine) == ("done", True)
    assert await asyncio.to_thread(life.objects, prefix) == []
    await until(lambda: bool(life.erased(footage_id)), 30, "footage.erased")
    await asyncio.sleep(1)
    (erased,) = life.erased(footage_id)
    assert len(erased.objects) == OBJECTS, f"the killed run had left {left} of {OBJECTS}"


async def test_a_killed_erasure_is_finished_by_the_next_run(
    isolated: Isolation, tmp_path: Path
) -> None:
    settings = isolated.settings(
        TranscodeSettings,
        transcode_workers=1,
        erase_after_withdrawal_s=0,
        erasure_check_s=3600,  # the service's own runner stays out of the way
        erasure_batch=1,
        log_level="WARNING",
    )
    uploader, outcomes = Uploader(settings), Outcomes(settings)
    await uploader.start()
    await outcomes.start()
    engine = make_engine(settings)
    life = Lifecycle(uploader, outcomes)
    try:
        async with serving(create_app(settings)):
            started = await life.started(CASE)
            prefix = f"renditions/{started.footage_id}/"
            await asyncio.to_thread(_fill, life, prefix)
            await life.withdraw_filming(CASE)

            job = partial(_erasure_job, engine)

            async def scheduled() -> bool:
                return await job() is not None

            await until(scheduled, 60, "the erasure job")
            first = await asyncio.create_subprocess_exec(
                str(ADMIN), "erase-due", env=environment(settings), start_new_session=True
            )

            async def deleting() -> bool:
                return await job() == ("running", True)  # inventory kept: deletion under way

            await until(deleting, 300, "the first run deleting")
            await asyncio.sleep(0.3)
            os.killpg(first.pid, signal.SIGKILL)
            await first.wait()
            left = len(await asyncio.to_thread(life.objects, prefix))
            print(f"killed with {left} of {OBJECTS} objects left")
            assert await job() == ("running", True), "killed mid-job: inventory kept, not done"
            assert life.erased(started.footage_id) == []

            await _next_run_finishes(settings, engine, life, prefix, started.footage_id, left)
    finally:
        await engine.dispose()
        await outcomes.stop()
        await uploader.stop()
