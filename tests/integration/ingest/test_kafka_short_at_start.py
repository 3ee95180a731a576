"""Ingest started while Kafka is short accepts uploads: their events wait in the outbox."""

from __future__ import annotations

from pathlib import Path

from spincore.auth.tokens import TokenIssuer
from spincore.db.outbox import OUTBOX
from sqlalchemy import select

from tests.integration.ingest.conftest import ingest_settings, start_ingest
from tests.integration.ingest.support import (
    MIB,
    create,
    eventually,
    grant_without_kafka,
    mp4_bytes,
    patch,
    token,
)
from tests.support.isolation import Isolation
from tests.support.kafka_black_hole import brokers_that_never_answer
from tests.support.private_servers import PrivateKafka, running_privately


async def test_uploads_complete_while_kafka_never_answers(
    isolated: Isolation, issuer: TokenIssuer
) -> None:
    async with brokers_that_never_answer() as bootstrap:
        settings = ingest_settings(isolated, kafka_bootstrap=bootstrap, startup_wait_s=0.5)
        auth, data = token(issuer), mp4_bytes(2 * MIB)
        async with start_ingest(settings, kafka_started=False) as running:
            await grant_without_kafka(running.ingest.database)
            created = await create(running.client, auth, len(data))
            assert created.status_code == 201, created.text
            done = await patch(running.client, auth, created.headers["Location"], 0, data)
            assert done.status_code == 204, done.text
            async with running.runtime.engine.connect() as conn:
                staged = (
                    await conn.execute(
                        select(OUTBOX.c.event_type).where(OUTBOX.c.published_at.is_(None))
                    )
                ).scalars()
                assert list(staged) == ["footage.upload_started", "footage.uploaded"]
            ready = await running.client.get("/readyz")
            # Still ready (it takes uploads), and it says what it serves without.
            assert ready.status_code == 200, ready.text
            checks = ready.json()["checks"]
            assert checks["kafka_start_up"] == "starting"
            assert checks["start_up"] == "ok"
            assert {"kafka", "kafka_start_up"} <= set(ready.json()["short"])
            assert set(ready.json()["degraded"]) == {"kafka", "kafka_start_up"}


async def test_the_staged_event_is_published_once_kafka_is_back(
    isolated: Isolation, issuer: TokenIssuer, tmp_path: Path
) -> None:
    kafka = PrivateKafka(tmp_path / "kafka", isolated.endpoints.kafka)
    with running_privately(kafka):
        kafka.stop()
        settings = ingest_settings(isolated, kafka_bootstrap=kafka.bootstrap, startup_wait_s=0.5)
        auth, data = token(issuer), mp4_bytes(2 * MIB)
        async with start_ingest(settings, kafka_started=False) as running:
            await grant_without_kafka(running.ingest.database)
            created = await create(running.client, auth, len(data))
            done = await patch(running.client, auth, created.headers["Location"], 0, data)
            assert done.status_code == 204, done.text
            kafka.start()
            await running.kafka_start_up.settled()
            relay = running.runtime.relay

            async def published() -> bool:
                return await relay.pending() == 0

            await eventually(published, "the outbox to drain once Kafka is back", timeout_s=120)
            assert (await running.client.get("/readyz")).json()["checks"]["kafka_start_up"] == "ok"
