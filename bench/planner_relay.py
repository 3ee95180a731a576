"""The planner bench's relay part: the OutboxRelay publishing staged outbox rows against a bare
aiokafka producer loop sending the same records."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from uuid import uuid4

from spin_contracts.events import Envelope, Tenant
from spin_contracts.events.planner import SessionKind, SessionRecorded
from spin_contracts.topics import Topic, topic_name
from spin_planner.api.app import MIGRATIONS
from spin_planner.settings import PlannerSettings
from spincore.db import OutboxRelay, make_engine
from spincore.db.migrations import upgrade_to_head
from spincore.db.outbox import OUTBOX
from spincore.kafka import make_producer
from spincore.kafka_access import relay_transactional_id
from spincore.kafka_connection import KafkaConnection
from sqlalchemy import insert

from bench.planner_workload import AGENCY, INSTITUTE, SITE

SEND_BATCH = 500  # what the relay publishes per round trip; the bare loop does the same


def staged_records(prefix: str, count: int) -> list[tuple[bytes, bytes, str]]:
    """(key, payload, topic) of realistic session.recorded events over 1,000 cases."""
    topic = topic_name(Topic.PLANNER, prefix)
    case_ids = [uuid4() for _ in range(1000)]
    tenant = Tenant(institute_id=INSTITUTE, agency_id=AGENCY, site_id=SITE)
    records = []
    for n in range(count):
        event = SessionRecorded(
            case_id=case_ids[n % len(case_ids)],
            case_code=f"BENCH-{n % 1000:05d}",
            session_id=uuid4(),
            kind=SessionKind.FILMING,
            practitioner_id="guide-001",
            held_at=datetime.now(UTC),
            duration_minutes=45,
            children_present=True,
            filming_session_ref=str(uuid4()),
        )
        envelope = Envelope.wrap(event, producer="bench", tenant=tenant)
        records.append((event.partition_key().encode(), envelope.to_bytes(), topic))
    return records


async def relay_rate(settings: PlannerSettings, records: list[tuple[bytes, bytes, str]]) -> float:
    await asyncio.to_thread(upgrade_to_head, settings, MIGRATIONS)
    engine = make_engine(settings)
    relay = OutboxRelay(
        engine,
        settings.kafka,
        transactional_id=relay_transactional_id("bench-relay", settings.topic_prefix),
        progress_topic=topic_name(Topic.OUTBOX_PROGRESS, settings.topic_prefix),
        batch_size=SEND_BATCH,
    )
    try:
        async with engine.begin() as conn:
            rows = [
                {
                    "event_id": uuid4(),
                    "event_type": "session.recorded",
                    "topic": topic,
                    "key": key,
                    "payload": payload,
                }
                for key, payload, topic in records
            ]
            for start in range(0, len(rows), 2000):
                await conn.execute(insert(OUTBOX), rows[start : start + 2000])
        started = time.perf_counter()
        while relay.published < len(records):
            if not await relay.publish_batch():
                # Nothing published this round (the relay polls the same way): try again.
                await asyncio.sleep(0.005)
        return len(records) / (time.perf_counter() - started)
    finally:
        await relay.resign()
        await engine.dispose()


async def bare_rate(kafka: KafkaConnection, records: list[tuple[bytes, bytes, str]]) -> float:
    producer = make_producer(kafka, "bench-bare")
    await producer.start()
    try:
        started = time.perf_counter()
        for start in range(0, len(records), SEND_BATCH):
            batch = records[start : start + SEND_BATCH]
            acks = [await producer.send(topic, payload, key=key) for key, payload, topic in batch]
            await asyncio.gather(*acks)
        return len(records) / (time.perf_counter() - started)
    finally:
        await producer.stop()
