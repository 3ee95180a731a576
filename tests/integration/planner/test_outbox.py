"""Nothing is lost while Kafka is down, nothing is published twice, and rollbacks publish nothing.

The broker here is a PRIVATE one this test starts and stops; the shared servers keep running.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from pathlib import Path
from uuid import UUID

import httpx
import pytest
from aiokafka import AIOKafkaConsumer
from spin_contracts.events import Envelope
from spin_planner.adapters.sql_work import unit_of_work
from spin_planner.adapters.tables import OUTBOX
from spin_planner.api.app import create_app
from spin_planner.cli import OPERATOR
from spin_planner.domain.commands import cases as commands
from spin_planner.models.cases import NewCase
from spin_planner.service.cases import open_case as open_case_use
from spin_planner.settings import PlannerSettings
from spincore.db import make_engine
from spincore.kafka import create_topics
from spincore.kafka_connection import KafkaConnection
from sqlalchemy import func, select

from tests.integration.planner.conftest import People, seed_directory
from tests.integration.planner.flows import ago, film, open_case, post
from tests.support.http import serving
from tests.support.isolation import Isolation
from tests.support.private_servers import PrivateKafka, running_privately

pytestmark = pytest.mark.integration


class RefusedError(Exception):
    """Raised inside a unit of work to make it roll back."""


async def read_all(kafka: KafkaConnection, topics: list[str], wanted: set[UUID]) -> Counter[UUID]:
    """Event ids seen on `topics` once all `wanted` arrived (deadline 90 s), duplicates kept."""
    consumer = AIOKafkaConsumer(
        *topics, **kafka.client_options(), auto_offset_reset="earliest", enable_auto_commit=False
    )
    await consumer.start()
    seen: Counter[UUID] = Counter()
    deadline = time.monotonic() + 90
    try:
        while not wanted <= set(seen) and time.monotonic() < deadline:
            for records in (await consumer.getmany(timeout_ms=500)).values():
                seen.update(Envelope.model_validate_json(r.value).event_id for r in records)
        for records in (await consumer.getmany(timeout_ms=1500)).values():
            seen.update(Envelope.model_validate_json(r.value).event_id for r in records)
    finally:
        await consumer.stop()
    return seen


async def _changes_while_down(client: httpx.AsyncClient, people: People, case_id: str) -> None:
    await post(
        client,
        f"/cases/{case_id}/helping-questions",
        {"words": "why the fights at bedtime?", "recorded_at": ago(days=12)},
        people.dana,
    )
    for days in (9, 6, 3):
        await film(client, case_id, people.dana, days_ago=days)
    await post(
        client,
        f"/cases/{case_id}/consents",
        {"purpose": "filming", "granted_at": ago(days=20)},
        people.dana,
    )
    await open_case(client, people.sam)


async def _a_rolled_back_case(settings: PlannerSettings) -> None:
    engine = make_engine(settings, pool_size=1)
    new = NewCase.model_validate(
        {
            "case_code": "US-BOS-0666",
            "practitioner_id": "sam-ito",
            "delivery_setting": "adoptive_home",
            "caregivers": [{"relation": "mother"}],
            "children": [{"age": 6}],
            "opened_on": ago(days=2)[:10],
        }
    ).command(commands.NewCase)
    staged = 0
    try:
        async with unit_of_work(engine, OPERATOR, settings.topic_prefix) as work:
            await open_case_use(work, new)
            staged = work.staged
            raise RefusedError
    except RefusedError:
        assert staged == 1
    finally:
        await engine.dispose()


async def _pending(settings: PlannerSettings) -> int:
    engine = make_engine(settings, pool_size=1)
    try:
        async with engine.connect() as conn:
            pending = await conn.scalar(
                select(func.count()).select_from(OUTBOX).where(OUTBOX.c.published_at.is_(None))
            )
    finally:
        await engine.dispose()
    return int(pending or 0)


async def _drained(settings: PlannerSettings, timeout_s: float = 30) -> None:
    deadline = time.monotonic() + timeout_s
    while await _pending(settings):
        assert time.monotonic() < deadline, "the relay did not publish the outbox in time"
        await asyncio.sleep(0.05)


async def _outbox(settings: PlannerSettings) -> tuple[set[UUID], set[str], int]:
    engine = make_engine(settings, pool_size=1)
    try:
        async with engine.connect() as conn:
            rows = (
                await conn.execute(select(OUTBOX.c.event_id, OUTBOX.c.topic, OUTBOX.c.payload))
            ).all()
    finally:
        await engine.dispose()
    rolled_back = sum(b"US-BOS-0666" in row.payload for row in rows)
    return {row.event_id for row in rows}, {row.topic for row in rows}, rolled_back


async def test_events_survive_a_broker_outage_exactly_once(
    isolated: Isolation, people: People, tmp_path: Path
) -> None:
    with running_privately(PrivateKafka(tmp_path / "kafka", isolated.endpoints.kafka)) as broker:
        await create_topics(broker.kafka, isolated.topic_prefix)
        settings = isolated.settings(PlannerSettings, kafka_bootstrap=broker.bootstrap)
        app = create_app(settings)
        async with serving(app) as url, httpx.AsyncClient(base_url=url, timeout=30) as client:
            await seed_directory(client, people)
            case = await open_case(client, people.dana)
            await _drained(settings)  # what came before the outage is out
            await asyncio.to_thread(broker.stop)
            await _changes_while_down(client, people, case["id"])
            await _a_rolled_back_case(settings)
            assert await _pending(settings) == 6  # held back while the broker is away
            await asyncio.to_thread(broker.start)
            event_ids, topics, rolled_back = await _outbox(settings)
            seen = await read_all(broker.kafka, sorted(topics), event_ids)
    assert rolled_back == 0
    assert len(event_ids) == 10 + 1 + 1 + 3 + 1 + 1  # directory, cases, question, filmings...
    assert set(seen) == event_ids
    assert all(count == 1 for count in seen.values()), seen.most_common(3)
