"""Outages with PRIVATE servers (the shared ones keep running for everyone else).

MinIO away: the API answers 503 with Retry-After and keeps every byte it had accepted.
Kafka away: footage.uploaded waits in the outbox and is published once the broker is back.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from aiokafka import AIOKafkaConsumer
from spin_contracts.events.envelope import decode
from spin_contracts.topics import Topic, topic_name
from spincore.auth.tokens import TokenIssuer

from tests.integration.ingest.conftest import ingest_settings, start_ingest
from tests.integration.ingest.support import (
    AGENCY,
    MIB,
    SITE,
    create,
    eventually,
    grant,
    mp4_bytes,
    patch,
    token,
)
from tests.support.isolation import Isolation
from tests.support.private_servers import PrivateKafka, PrivateMinio, running_privately


async def test_while_minio_is_down_uploads_get_503_and_lose_nothing(
    isolated: Isolation, issuer: TokenIssuer, tmp_path: Path
) -> None:
    minio = PrivateMinio(tmp_path / "minio", "ingest-test", "ingest-test-secret")
    with running_privately(minio):
        settings = ingest_settings(
            isolated,
            s3_endpoint=minio.endpoint,
            s3_access_key=minio.access_key,
            s3_secret_key=minio.secret_key,
        )
        auth, data = token(issuer), mp4_bytes(12 * MIB + 99)
        async with start_ingest(settings) as running:
            await grant(settings, running.runtime.engine)
            url = (await create(running.client, auth, len(data))).headers["Location"]
            assert (await patch(running.client, auth, url, 0, data[: 6 * MIB])).status_code == 204
            minio.stop()
            refused = await patch(running.client, auth, url, 6 * MIB, data[6 * MIB : 11 * MIB])
            assert refused.status_code == 503
            assert refused.headers["Retry-After"] == str(settings.storage_retry_after_seconds)
            assert "nothing already received is lost" in refused.json()["detail"]
            no_new = await create(running.client, auth, len(data))
            assert no_new.status_code == 503
            head = await running.client.head(url, headers=auth)
            assert head.headers["Upload-Offset"] == str(6 * MIB)
            minio.start()
            offset = int((await running.client.head(url, headers=auth)).headers["Upload-Offset"])
            done = await patch(running.client, auth, url, offset, data[offset:])
            assert done.status_code == 204, done.text
            key = f"raw/{AGENCY}/{SITE}/{done.headers['Spin-Footage-Id']}"
            stored = running.s3.get_object(settings.s3_bucket, key).read()
            assert hashlib.sha256(stored).digest() == hashlib.sha256(data).digest()


async def test_while_kafka_is_down_the_event_waits_in_the_outbox(
    isolated: Isolation, issuer: TokenIssuer, tmp_path: Path
) -> None:
    kafka = PrivateKafka(tmp_path / "kafka", isolated.endpoints.kafka)
    with running_privately(kafka):
        settings = ingest_settings(isolated, kafka_bootstrap=kafka.bootstrap)
        auth, data = token(issuer), mp4_bytes(2 * MIB)
        async with start_ingest(settings) as running:
            await grant(settings, running.runtime.engine)
            relay = running.runtime.relay

            async def published() -> bool:
                return await relay.pending() == 0

            url = (await create(running.client, auth, len(data))).headers["Location"]
            await eventually(published, "footage.upload_started to leave", timeout_s=60)
            kafka.stop()
            done = await patch(running.client, auth, url, 0, data)
            assert done.status_code == 204
            assert await relay.pending() == 1
            kafka.start()
            await eventually(published, "the outbox to drain", timeout_s=120)
            consumer = AIOKafkaConsumer(
                topic_name(Topic.FOOTAGE, settings.topic_prefix),
                **kafka.kafka.client_options(),
                auto_offset_reset="earliest",
                consumer_timeout_ms=2000,
            )
            await consumer.start()
            try:
                batches = await consumer.getmany(timeout_ms=10000)
            finally:
                await consumer.stop()
            events = [decode(record.value)[0] for records in batches.values() for record in records]
            assert [e.event_type for e in events] == ["footage.upload_started", "footage.uploaded"]
            assert str(events[1].payload["footage_id"]) == done.headers["Spin-Footage-Id"]
