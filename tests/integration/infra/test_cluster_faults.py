"""The local cluster survives what it is built for, on its own servers killed by pid:

- one of three brokers gone: writes (acks=all, idempotent) still succeed and a consumer reads
  each exactly once;
- two gone (below min.insync.replicas): the outbox holds every row, /readyz's check names kafka
  as short, and once the brokers are back every row is published, none lost;
- one of MinIO's four drive folders gone: an object reads back with the same sha256, and the
  drive, put back empty, is healed.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import os
import shutil
import time
from collections import Counter
from collections.abc import Iterator
from uuid import UUID, uuid4

import pytest
from aiokafka import AIOKafkaConsumer
from aiokafka.admin import AIOKafkaAdminClient
from spin_contracts.topics import TOPICS, Topic
from spincore.db import OutboxRelay, make_engine
from spincore.db.outbox import OUTBOX
from spincore.kafka import Replication, create_topics, kafka_ready, make_producer
from spincore.kafka_access import relay_transactional_id
from spincore.kafka_connection import KafkaConnection
from spincore.settings import ServiceSettings
from sqlalchemy import func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.support.cluster import ClusterStack

# About 2.5 minutes (three brokers and MinIO started, killed, restarted): `make chaos` runs it,
# `make test` does not.
pytestmark = [pytest.mark.integration, pytest.mark.chaos]

PREFIX = f"cluster-{uuid4().hex[:6]}."
TOPIC = TOPICS[Topic.PLANNER].name(PREFIX)
ROW = {"event_type": "test.held", "topic": TOPIC, "key": b"held"}


@pytest.fixture(scope="module")
def cluster() -> Iterator[ClusterStack]:
    stack = ClusterStack()
    try:
        stack.up()
        yield stack
    finally:
        stack.down()


async def leaders(kafka: KafkaConnection, topic: str) -> dict[int, int]:
    """Partition -> the node leading it."""
    admin = AIOKafkaAdminClient(**kafka.client_options())
    await admin.start()
    try:
        described = await admin.describe_topics([topic])
    finally:
        await admin.close()
    return {p["partition"]: p["leader"] for p in described[0]["partitions"]}


async def produce(kafka: KafkaConnection, ids: list[str]) -> None:
    producer = make_producer(kafka, "cluster-test")
    await producer.start()
    try:
        for number, event_id in enumerate(ids):
            await producer.send_and_wait(TOPIC, event_id.encode(), key=str(number).encode())
    finally:
        await producer.stop()


async def read(kafka: KafkaConnection, wanted: set[str], deadline_s: float = 60) -> Counter[str]:
    """Every value on TOPIC once all of `wanted` arrived (then a little more), duplicates kept."""
    consumer = AIOKafkaConsumer(
        TOPIC,
        **kafka.client_options(),
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        isolation_level="read_committed",
    )
    await consumer.start()
    seen: Counter[str] = Counter()
    deadline = time.monotonic() + deadline_s
    try:
        while not wanted <= set(seen):
            if time.monotonic() > deadline:
                raise AssertionError(f"{len(wanted - set(seen))} of {len(wanted)} never arrived")
            for records in (await consumer.getmany(timeout_ms=500)).values():
                seen.update(r.value.decode() for r in records if r.value)
        for records in (await consumer.getmany(timeout_ms=1500)).values():
            seen.update(r.value.decode() for r in records if r.value)
    finally:
        await consumer.stop()
    return seen


async def outbox_engine(cluster: ClusterStack) -> AsyncEngine:
    settings = ServiceSettings.model_validate(cluster.settings_values(db_schema="cluster_test"))
    engine = make_engine(settings, pool_size=2)
    async with engine.begin() as conn:
        await conn.execute(text("CREATE SCHEMA IF NOT EXISTS cluster_test"))
        await conn.run_sync(OUTBOX.metadata.create_all)
    return engine


async def stage(engine: AsyncEngine, ids: list[UUID]) -> None:
    async with engine.begin() as conn:
        await conn.execute(
            insert(OUTBOX),
            [{"event_id": i, **ROW, "payload": f"held-{i}".encode()} for i in ids],
        )


async def pending(engine: AsyncEngine) -> int:
    async with engine.connect() as conn:
        count = await conn.scalar(
            select(func.count()).select_from(OUTBOX).where(OUTBOX.c.published_at.is_(None))
        )
    return int(count or 0)


async def until(what: str, check: object, deadline_s: float) -> None:
    deadline = time.monotonic() + deadline_s
    while not await check():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {deadline_s:.0f} s for {what}")
        await asyncio.sleep(0.5)


async def test_writes_survive_one_broker_and_wait_below_min_insync(cluster: ClusterStack) -> None:
    kafka = cluster.kafka
    await create_topics(kafka, PREFIX, [TOPICS[Topic.PLANNER]], Replication(3, 2))
    first = [f"a{n}" for n in range(100)]
    await produce(kafka, first)
    leader = (await leaders(kafka, TOPIC))[0]
    cluster.kill(f"kafka-{leader}")  # the leader of partition 0
    second = [f"b{n}" for n in range(100)]
    await produce(kafka, second)  # acks=all: two copies of three still hold each write
    seen = await read(kafka, set(first + second))
    assert set(seen) == set(first + second)
    assert [v for v, n in seen.items() if n != 1] == []  # each exactly once

    engine = await outbox_engine(cluster)
    await create_topics(kafka, PREFIX, [TOPICS[Topic.OUTBOX_PROGRESS]], Replication(3, 2))
    relay = OutboxRelay(
        engine,
        kafka,
        transactional_id=relay_transactional_id("cluster-outbox", PREFIX),
        progress_topic=TOPICS[Topic.OUTBOX_PROGRESS].name(PREFIX),
        max_backoff_s=2.0,
    )
    running = asyncio.create_task(relay.run_forever())
    try:
        alive = [n for n in (1, 2, 3) if n != leader]
        cluster.kill(f"kafka-{alive[0]}")  # one broker left: below min.insync.replicas=2
        said = await kafka_ready(kafka, min_insync=2)
        assert said is False or (isinstance(said, str) and said.startswith("short: 1 live"))
        held = [uuid4() for _ in range(50)]
        await stage(engine, held)
        await asyncio.sleep(20)  # the relay keeps trying all along
        assert await pending(engine) == 50  # nothing published, nothing dropped
        await asyncio.to_thread(cluster.up)  # the killed brokers come back
        await until("the outbox to drain", lambda: _drained(engine), 90)
        seen_held = await read(kafka, {f"held-{i}" for i in held})
    finally:
        running.cancel()
        await asyncio.gather(running, return_exceptions=True)
        await engine.dispose()
    published = Counter({v: n for v, n in seen_held.items() if v.startswith("held-")})
    assert set(published) == {f"held-{i}" for i in held}
    assert [v for v, n in published.items() if n != 1] == []  # and none twice
    assert await kafka_ready(kafka, min_insync=2) is True


async def _drained(engine: AsyncEngine) -> bool:
    return await pending(engine) == 0


def test_an_object_outlives_a_lost_drive_and_the_drive_is_healed(cluster: ClusterStack) -> None:
    s3 = cluster.s3()
    bucket, name = "cluster-test", f"footage/{uuid4()}.mp4"
    if not s3.bucket_exists(bucket):
        s3.make_bucket(bucket)
    body = os.urandom(6 * 1024 * 1024)
    s3.put_object(bucket, name, io.BytesIO(body), len(body), part_size=5 * 1024 * 1024)
    digest = hashlib.sha256(body).hexdigest()

    lost = cluster.drive(2)
    shutil.rmtree(lost)  # the drive is gone, its data with it
    response = s3.get_object(bucket, name)
    try:
        assert hashlib.sha256(response.read()).hexdigest() == digest
    finally:
        response.close()
        response.release_conn()

    lost.mkdir()  # a fresh, empty drive in its place: MinIO formats and heals it
    healed = lost / bucket / name / "xl.meta"
    deadline = time.monotonic() + 60
    while not healed.exists():
        assert time.monotonic() < deadline, "the replaced drive was not healed within 60 s"
        time.sleep(1)
    response = s3.get_object(bucket, name)
    try:
        assert hashlib.sha256(response.read()).hexdigest() == digest
    finally:
        response.close()
        response.release_conn()
