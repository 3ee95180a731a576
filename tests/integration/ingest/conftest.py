"""An in-process ingest service on this test's isolated topics, bucket and schema."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from minio import Minio
from spin_ingest.api.app import create_app
from spin_ingest.service.context import Ingest
from spin_ingest.settings import IngestSettings
from spincore.runtime import Runtime
from spincore.starting import StartUp

from tests.integration.ingest.support import register_site, register_site_without_kafka
from tests.support.http import serving
from tests.support.isolation import Isolation

SMALL_PARTS = 5 * 1024 * 1024


@dataclass
class RunningIngest:
    settings: IngestSettings
    ingest: Ingest
    client: httpx.AsyncClient
    runtime: Runtime
    kafka_start_up: StartUp

    @property
    def s3(self) -> Minio:
        return self.runtime.s3

    def leftovers(self) -> tuple[list[str], list[str]]:
        """Objects and unfinished multipart uploads left in the bucket."""
        bucket = self.settings.s3_bucket
        objects = [o.object_name or "" for o in self.s3.list_objects(bucket, recursive=True)]
        multipart = [u.object_name for u in self.s3._list_multipart_uploads(bucket).uploads]
        return objects, multipart


@asynccontextmanager
async def start_ingest(
    settings: IngestSettings, *, kafka_started: bool = True
) -> AsyncIterator[RunningIngest]:
    """`kafka_started=False`: yield once uploads are served, before the Kafka start-up passes."""
    app = create_app(settings)
    async with (
        serving(app) as base_url,
        httpx.AsyncClient(base_url=base_url, timeout=120) as client,
    ):
        if kafka_started:
            await app.state.kafka_start_up.settled()
            await register_site(settings, app.state.runtime.engine)
        else:
            await register_site_without_kafka(app.state.ingest.database)
        yield RunningIngest(
            settings, app.state.ingest, client, app.state.runtime, app.state.kafka_start_up
        )


def ingest_settings(isolated: Isolation, **overrides: Any) -> IngestSettings:
    """Small parts, two stored at a time: files of a few MiB take the concurrent paths."""
    return isolated.settings(
        IngestSettings, part_size_bytes=SMALL_PARTS, parts_in_flight=2, **overrides
    )


@pytest.fixture
async def ingest(isolated: Isolation) -> AsyncIterator[RunningIngest]:
    async with start_ingest(ingest_settings(isolated)) as running:
        yield running
