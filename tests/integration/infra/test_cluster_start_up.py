"""Ingest restarted while two of three brokers are down (below min.insync.replicas=2, so its
topics cannot even be created with three copies) takes uploads at once: it answers /readyz
200 with kafka degraded, a completed upload's events wait in its outbox, and once the brokers
are back its background start-up passes and the outbox drains."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from uuid import uuid4

import pytest
from spin_ingest.settings import IngestSettings
from spincore.auth.tokens import TokenIssuer
from spincore.db.outbox import OUTBOX
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.conftest import ISSUER
from tests.integration.ingest.conftest import SMALL_PARTS, start_ingest
from tests.integration.ingest.support import (
    MIB,
    create,
    eventually,
    grant_without_kafka,
    mp4_bytes,
    patch,
    token,
)
from tests.support.cluster import ClusterStack

# A three-broker cluster of its own, started, two brokers killed and restarted: `make chaos`.
pytestmark = [pytest.mark.integration, pytest.mark.chaos]


@pytest.fixture(scope="module")
def cluster() -> Iterator[ClusterStack]:
    stack = ClusterStack(drives=1)
    try:
        stack.up()
        yield stack
    finally:
        stack.down()


async def unpublished(engine: AsyncEngine) -> int:
    async with engine.connect() as conn:
        count = await conn.scalar(
            select(func.count()).select_from(OUTBOX).where(OUTBOX.c.published_at.is_(None))
        )
    return int(count or 0)


def ingest_on(cluster: ClusterStack, auth_keys: tuple[Path, Path]) -> IngestSettings:
    name = uuid4().hex[:8]
    values = cluster.settings_values(
        env="test",
        topic_prefix=f"c{name}.",
        s3_bucket=f"c-{name}",
        db_schema=f"c_{name}",
        auth_public_key_file=auth_keys[1],
        auth_issuer=ISSUER,
        part_size_bytes=SMALL_PARTS,
        parts_in_flight=2,
        startup_wait_s=0.5,
    )
    return IngestSettings.model_validate(values)


async def test_ingest_takes_uploads_with_two_of_three_brokers_down(
    cluster: ClusterStack, issuer: TokenIssuer, auth_keys: tuple[Path, Path]
) -> None:
    settings = ingest_on(cluster, auth_keys)
    assert settings.kafka_min_insync_replicas == 2
    cluster.kill("kafka-2")
    cluster.kill("kafka-3")
    auth, data = token(issuer), mp4_bytes(2 * MIB)
    async with start_ingest(settings, kafka_started=False) as running:
        await grant_without_kafka(running.ingest.database)
        created = await create(running.client, auth, len(data))
        assert created.status_code == 201, created.text
        done = await patch(running.client, auth, created.headers["Location"], 0, data)
        assert done.status_code == 204, done.text
        ready = await running.client.get("/readyz")
        assert ready.status_code == 200, ready.text
        assert "kafka_start_up" in ready.json()["degraded"]
        assert await unpublished(running.runtime.engine) == 2  # upload_started, uploaded

        await asyncio.to_thread(cluster.up)  # the two brokers come back
        await asyncio.wait_for(running.kafka_start_up.settled(), 240)

        async def drained() -> bool:
            return await unpublished(running.runtime.engine) == 0

        await eventually(drained, "the outbox to drain once the brokers are back", timeout_s=180)
        ready = await running.client.get("/readyz")
        assert ready.status_code == 200, ready.text
        assert ready.json()["degraded"] == []
