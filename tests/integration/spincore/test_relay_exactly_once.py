"""The outbox relay publishes each row exactly once even when PostgreSQL drops its connection
after the Kafka transaction committed and before the rows were marked (real Kafka and PG)."""

from __future__ import annotations

from collections import Counter
from uuid import UUID

import pytest
from aiokafka import AIOKafkaProducer
from spin_contracts.events import decode
from spin_contracts.topics import Topic
from spincore.db import OutboxRelay, make_engine
from spincore.settings import ServiceSettings
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.integration.spincore.helpers import read_topic
from tests.integration.spincore.test_outbox import granted, migrated, relay_for, stage
from tests.support.isolation import Isolation

pytestmark = pytest.mark.integration

# The backend that holds the outbox's row locks: the relay's open transaction, marking rows.
MARKING_BACKEND = text(
    "SELECT l.pid FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
    "JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE c.relname = 'outbox' AND n.nspname = :schema AND l.mode = 'RowExclusiveLock'"
)


class ConnectionCutAfterPublish(OutboxRelay):
    """A real relay whose database session is terminated (pg_terminate_backend, from another
    session) right after its Kafka transaction committed: the rows are on their topic, and the
    commit that marks them fails."""

    def __init__(self, engine: AsyncEngine, settings: ServiceSettings, cuts: int) -> None:
        model = relay_for(engine, settings)
        super().__init__(
            engine,
            settings.kafka,
            transactional_id=model.transactional_id,
            progress_topic=model.progress_topic,
        )
        self.schema = settings.db_schema
        self.cuts = cuts

    async def _lead(self) -> AIOKafkaProducer | None:
        producer = await super()._lead()
        if producer is not None and self.cuts and not hasattr(producer, "cut_wrapped"):
            committing = producer.commit_transaction

            async def commit_then_cut() -> None:
                await committing()
                if self.cuts:
                    self.cuts -= 1
                    await self._cut()

            producer.commit_transaction = commit_then_cut
            producer.cut_wrapped = True
        return producer

    async def _cut(self) -> None:
        async with self.engine.connect() as other:
            pids = (await other.execute(MARKING_BACKEND, {"schema": self.schema})).scalars()
            for pid in set(pids):
                await other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})


async def on_topic(isolated: Isolation, expected: int) -> Counter[UUID]:
    values = await read_topic(isolated, Topic.CONSENT, expected=expected)
    return Counter(decode(v)[0].event_id for v in values)


async def test_rows_published_before_a_lost_connection_are_not_sent_again(
    isolated: Isolation,
) -> None:
    settings = await migrated(isolated)
    engine = make_engine(settings)
    relay = ConnectionCutAfterPublish(engine, settings, cuts=1)
    staged = [granted("CASE-0001") for _ in range(20)]
    try:
        await stage(engine, settings.topic_prefix, staged)
        with pytest.raises(Exception):  # noqa: B017, PT011 - the marking commit lost its session
            await relay.publish_batch()
        assert await relay.pending() == 20  # published, but not marked
        assert relay.reconciled == 0

        # The same relay after the lost connection: it takes the lead again, reads its
        # progress and marks the 20 rows instead of publishing them a second time.
        assert await relay.publish_batch() == 0
        assert relay.reconciled == 20
        assert await relay.pending() == 0
        later = [granted("CASE-0002") for _ in range(5)]
        await stage(engine, settings.topic_prefix, later)
        assert await relay.publish_batch() == 5
    finally:
        await relay.resign()
        await engine.dispose()

    seen = await on_topic(isolated, 25)
    assert set(seen) == {e.event_id for e, _ in staged + later}
    assert [i for i, n in seen.items() if n != 1] == []  # each exactly once


async def test_a_new_lead_marks_what_the_previous_one_published(
    isolated: Isolation,
) -> None:
    settings = await migrated(isolated)
    engine = make_engine(settings)
    crashed = ConnectionCutAfterPublish(engine, settings, cuts=1)
    staged = [granted("CASE-0003") for _ in range(7)]
    try:
        await stage(engine, settings.topic_prefix, staged)
        with pytest.raises(Exception):  # noqa: B017, PT011
            await crashed.publish_batch()
        # A process restarted (a new relay, the same transactional id) leads now.
        successor = relay_for(engine, settings)
        assert await successor.publish_batch() == 0
        assert successor.reconciled == 7
        assert await successor.pending() == 0
        await successor.resign()
    finally:
        await crashed.resign()
        await engine.dispose()

    seen = await on_topic(isolated, 7)
    assert set(seen) == {e.event_id for e, _ in staged}
    assert [i for i, n in seen.items() if n != 1] == []
