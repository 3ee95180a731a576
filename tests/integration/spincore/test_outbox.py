"""The outbox relay against real PostgreSQL and Kafka."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from uuid import UUID, uuid4

import pytest
from spin_contracts.events import Envelope, Tenant, decode
from spin_contracts.events.consent import ConsentGranted, ConsentPurpose
from spin_contracts.topics import Topic, topic_name
from spincore.db import (
    Guard,
    OutboxRelay,
    add_to_outbox,
    first_delivery,
    insert_with_event,
    make_engine,
)
from spincore.db.migrations import upgrade_to_head
from spincore.kafka_access import relay_transactional_id
from spincore.settings import ServiceSettings
from sqlalchemy import Column, MetaData, Table, Text, Uuid, bindparam, insert, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.integration.spincore.helpers import read_topic
from tests.support.isolation import Isolation

pytestmark = pytest.mark.integration
TENANT = Tenant(institute_id="spin-nl", agency_id="agency-a")


def granted(case_code: str) -> tuple[Envelope, ConsentGranted]:
    event = ConsentGranted(
        consent_id=uuid4(),
        case_code=case_code,
        purpose=ConsentPurpose.FILMING,
        granted_at=datetime.now(UTC),
    )
    return Envelope.wrap(event, producer="test", tenant=TENANT), event


async def migrated(isolated: Isolation) -> ServiceSettings:
    settings = isolated.settings(ServiceSettings)
    await asyncio.to_thread(upgrade_to_head, settings, "spin_ingest:migrations")
    return settings


async def stage_then_fail(engine: AsyncEngine, prefix: str) -> None:
    """A transaction that stages an event and then fails: it must publish nothing."""
    try:
        async with engine.begin() as conn:
            await add_to_outbox(conn, *granted("CASE-0001"), prefix)
            raise LookupError("the state change failed")
    except LookupError:
        pass


async def stage(
    engine: AsyncEngine, prefix: str, events: list[tuple[Envelope, ConsentGranted]]
) -> None:
    async with engine.begin() as conn:
        for envelope, event in events:
            await add_to_outbox(conn, envelope, event, prefix)


@asynccontextmanager
async def relay_over(settings: ServiceSettings, **options: int) -> AsyncIterator[OutboxRelay]:
    """A relay on the settings' schema, with its own engine and producer for the block."""
    engine = make_engine(settings)
    relay = relay_for(engine, settings, **options)
    try:
        yield relay
    finally:
        await relay.resign()
        await engine.dispose()


def relay_for(engine: AsyncEngine, settings: ServiceSettings, **options: int) -> OutboxRelay:
    """A relay named as a service's (its own transactional id and progress topic)."""
    return OutboxRelay(
        engine,
        settings.kafka,
        transactional_id=relay_transactional_id("test", settings.topic_prefix),
        progress_topic=topic_name(Topic.OUTBOX_PROGRESS, settings.topic_prefix),
        **options,
    )


async def published_ids(isolated: Isolation, expected: int) -> list[UUID]:
    values = await read_topic(isolated, Topic.CONSENT, expected=expected)
    return [decode(v)[0].event_id for v in values]


async def test_committed_events_are_published_once_in_order_and_rolled_back_ones_never(
    isolated: Isolation,
) -> None:
    settings = await migrated(isolated)
    staged = [granted("CASE-0001") for _ in range(20)]
    async with relay_over(settings) as relay:
        await stage(relay.engine, settings.topic_prefix, staged)
        await stage_then_fail(relay.engine, settings.topic_prefix)
        assert await relay.publish_batch() == 20
        assert await relay.publish_batch() == 0
        assert await relay.pending() == 0

    assert await published_ids(isolated, 20) == [e.event_id for e, _ in staged]


NOTES = Table("notes", MetaData(), Column("id", Uuid, primary_key=True), Column("words", Text))


async def test_a_row_and_its_event_are_inserted_in_one_statement_or_not_at_all(
    isolated: Isolation,
) -> None:
    settings = await migrated(isolated)
    kept, dropped = granted("CASE-0001"), granted("CASE-0002")
    async with relay_over(settings) as relay:
        async with relay.engine.begin() as conn:
            await conn.run_sync(NOTES.metadata.create_all)
            row = await insert_with_event(
                conn, NOTES, {"id": uuid4(), "words": "kept"}, *kept, settings.topic_prefix
            )
        with contextlib.suppress(LookupError):
            async with relay.engine.begin() as conn:
                values = {"id": uuid4(), "words": "dropped"}
                await insert_with_event(conn, NOTES, values, *dropped, settings.topic_prefix)
                raise LookupError("the state change failed")
        async with relay.engine.connect() as conn:
            assert (await conn.execute(select(NOTES.c.words))).scalars().all() == ["kept"]
        assert row is not None
        assert row.words == "kept"
        assert await relay.publish_batch() == 1

    assert await published_ids(isolated, 1) == [kept[0].event_id]


async def test_a_guarded_insert_writes_its_row_and_event_only_while_the_guard_holds(
    isolated: Isolation,
) -> None:
    settings = await migrated(isolated)
    kept, dropped = granted("CASE-0001"), granted("CASE-0002")
    note_exists = select(NOTES.c.id).where(NOTES.c.words == bindparam("guard_words"))
    async with relay_over(settings) as relay:
        async with relay.engine.begin() as conn:
            await conn.run_sync(NOTES.metadata.create_all)
            await conn.execute(insert(NOTES), {"id": uuid4(), "words": "open"})
        async with relay.engine.connect() as conn:
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            holds, fails = (Guard(note_exists, {"guard_words": w}) for w in ("open", "closed"))
            values = {"id": uuid4(), "words": "kept"}
            row = await insert_with_event(conn, NOTES, values, *kept, settings.topic_prefix, holds)
            values = {"id": uuid4(), "words": "dropped"}
            nothing = await insert_with_event(
                conn, NOTES, values, *dropped, settings.topic_prefix, fails
            )
            words = (await conn.execute(select(NOTES.c.words))).scalars().all()
        assert row is not None
        assert row.words == "kept"
        assert nothing is None
        assert sorted(words) == ["kept", "open"]
        assert await relay.publish_batch() == 1

    assert await published_ids(isolated, 1) == [kept[0].event_id]


async def test_a_run_publishes_batch_after_batch_in_order_up_to_its_limit(
    isolated: Isolation,
) -> None:
    settings = await migrated(isolated)
    staged = [granted("CASE-0001") for _ in range(12)]  # one key: one partition, one order
    async with relay_over(settings, batch_size=5, batches_per_run=2) as relay:
        await stage(relay.engine, settings.topic_prefix, staged)
        assert await relay.publish_batch() == 10  # two full batches, then the run ends
        assert await relay.pending() == 2
        assert await relay.publish_batch() == 2
        assert await relay.pending() == 0

    assert await published_ids(isolated, 12) == [e.event_id for e, _ in staged]


async def test_a_redelivered_event_is_recognised(isolated: Isolation) -> None:
    settings = await migrated(isolated)
    engine = make_engine(settings)
    event_id = uuid4()
    try:
        async with engine.begin() as conn:
            assert await first_delivery(conn, "consents", event_id)
            assert not await first_delivery(conn, "consents", event_id)
            assert await first_delivery(conn, "another-consumer", event_id)
            tables = await conn.scalar(text("SELECT count(*) FROM processed_events"))
        assert tables == 2
    finally:
        await engine.dispose()
