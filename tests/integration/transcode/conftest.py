"""The services of the transcode tests, one per test module (module scope): the lifecycle
tests' (a fake clock) and the pipeline's (bad inputs and clip refusals among them)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from spin_transcode.api.app import create_app
from spin_transcode.settings import TranscodeSettings

from tests.integration.transcode.harness import Outcomes, Uploader
from tests.integration.transcode.lifecycle_harness import FakeClock, Lifecycle
from tests.integration.transcode.lifecycle_service import Service
from tests.integration.transcode.pipeline import Pipeline
from tests.support.http import serving
from tests.support.isolation import Isolation
from tests.support.servers import Endpoints


@pytest.fixture(scope="module")
async def service(
    servers: Endpoints, auth_keys: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Service]:
    isolation = Isolation(servers, extra_env={"auth_public_key_file": auth_keys[1]})
    await isolation.create_topics()
    settings = isolation.settings(
        TranscodeSettings,
        transcode_workers=1,
        transcode_min_free_bytes=0,
        transcode_work_dir=tmp_path_factory.mktemp("scratch"),
        transcode_stop_check_s=0.2,
        transcode_progress_step=1,  # the first progress event: the transcode is running
        erase_after_withdrawal_s=0,
        erasure_check_s=0.2,
        erasure_first_backoff_s=0.2,
        log_level="WARNING",
    )
    uploader, outcomes = Uploader(settings), Outcomes(settings)
    await uploader.start()
    await outcomes.start()
    clock = FakeClock()
    try:
        async with serving(create_app(settings, clock)):
            life = Lifecycle(uploader, outcomes)
            yield Service(settings, clock, life, tmp_path_factory.mktemp("media"))
    finally:
        await outcomes.stop()
        await uploader.stop()
        await isolation.clean_up()


@pytest.fixture(scope="module")
async def pipeline(
    servers: Endpoints, auth_keys: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Pipeline]:
    isolation = Isolation(servers, extra_env={"auth_public_key_file": auth_keys[1]})
    await isolation.create_topics()
    settings = isolation.settings(
        TranscodeSettings,
        transcode_workers=1,
        transcode_max_duration_s=60,
        transcode_max_attempts=3,
        transcode_first_backoff_s=0.2,
        transcode_sprite_interval_s=0.5,
        transcode_min_free_bytes=0,
        transcode_work_dir=tmp_path_factory.mktemp("scratch"),
    )
    uploader, outcomes = Uploader(settings), Outcomes(settings)
    await uploader.start()
    await outcomes.start()
    try:
        async with serving(create_app(settings)):
            yield Pipeline(settings, uploader, outcomes, tmp_path_factory.mktemp("media"))
    finally:
        await outcomes.stop()
        await uploader.stop()
        await isolation.clean_up()
