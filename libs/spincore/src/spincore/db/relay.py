"""The outbox relay: committed outbox rows onto their topics, each exactly once.

One process per schema leads (a PostgreSQL session lock) and publishes with a transactional
producer whose id all leads of the schema share, so a new lead fences the previous one. A run
is one Kafka transaction: the rows, and a record on the compacted progress topic naming the
outbox ids it carries. The rows are marked in a database transaction committed only after the
Kafka one; if that commit is lost (PostgreSQL restarted, the connection cut) the rows are on
their topics but unmarked, and whoever takes the lead next reads the last progress record
(read_committed) and marks them before publishing more: never sent twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Sequence

from aiokafka import AIOKafkaProducer
from sqlalchemy import BigInteger, Row, any_, bindparam, func, select, text, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from spincore.db.locks import LOCK_CLASS, lock_key
from spincore.db.outbox import OUTBOX
from spincore.db.relay_progress import ids_of, progress_record, read_progress
from spincore.kafka_connection import KafkaConnection
from spincore.logging import get_logger
from spincore.safe_errors import describe

log = get_logger(__name__)

# A row waiting to be published: (id, topic, key, payload).
Waiting = Row[int, str, bytes, bytes]

# One relay publishes at a time per schema, so events keep their order per key.
RELAY_LOCK = "outbox-relay"


class OutboxRelay:
    """Publishes committed outbox rows in order, each once (see the module's docstring)."""

    def __init__(
        self,
        engine: AsyncEngine,
        kafka: KafkaConnection,
        *,
        transactional_id: str,
        progress_topic: str,
        batch_size: int = 500,
        batches_per_run: int = 8,
        idle_poll_s: float = 0.2,
        linger_s: float = 0.05,
        max_backoff_s: float = 10.0,
        check_s: float = 5.0,
    ) -> None:
        self.engine = engine
        self.kafka = kafka
        self.transactional_id = transactional_id
        self.progress_topic = progress_topic
        self.batch_size = batch_size
        self.batches_per_run = batches_per_run
        self.idle_poll_s = idle_poll_s
        self.linger_s = linger_s
        self.max_backoff_s = max_backoff_s
        self.check_s = check_s
        self._wake = asyncio.Event()
        self._standing_by = False
        self._lock_conn: AsyncConnection | None = None
        self._producer: AIOKafkaProducer | None = None
        self._checked = 0.0
        self.published = 0
        self.reconciled = 0  # rows found published but unmarked when taking the lead

    def wake(self) -> None:
        """Tell the relay new rows were committed, so it need not wait for the next poll."""
        self._wake.set()

    async def run_forever(self) -> None:
        backoff = self.idle_poll_s
        try:
            while True:
                try:
                    sent = await self.publish_batch()
                    backoff = self.idle_poll_s
                except Exception as error:  # noqa: BLE001 - Kafka or PostgreSQL away: retry
                    log.warning("outbox_relay_retry", error=describe(error), retry_in_s=backoff)
                    await asyncio.sleep(backoff)
                    backoff = min(backoff * 2, self.max_backoff_s)
                    continue
                if sent < self.batch_size:
                    await self._idle()
        finally:
            await self.resign()

    async def _idle(self) -> None:
        if self._standing_by:
            # Another process leads and publishes our rows on its next poll.
            await asyncio.sleep(self.idle_poll_s)
        else:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.idle_poll_s)
                # Woken by a commit: let the commits right behind it join the same run.
                await asyncio.sleep(self.linger_s)
        self._wake.clear()

    async def publish_batch(self) -> int:
        """Publish what waits, batch after batch in one transaction (at most `batches_per_run`);
        returns how many rows. A failure gives up the lead: taking it again reconciles."""
        try:
            producer = await self._lead()
            self._standing_by = producer is None
            if producer is None:
                return 0
            sent = await self._publish_run(producer)
        except BaseException:
            await self.resign()
            raise
        self.published += sent
        return sent

    async def _publish_run(self, producer: AIOKafkaProducer) -> int:
        async with self.engine.begin() as conn:
            batch = await self._waiting(conn, after=0)
            if not batch:
                return 0
            await producer.begin_transaction()
            try:
                sent = await self._send_batches(conn, producer, batch)
                await producer.commit_transaction()
            except BaseException:
                with contextlib.suppress(Exception):  # fenced or gone: the broker aborts it
                    await producer.abort_transaction()
                raise
        # Only now are the rows marked: a lost commit leaves them for the reconciliation.
        return sent

    async def _send_batches(
        self, conn: AsyncConnection, producer: AIOKafkaProducer, batch: Sequence[Waiting]
    ) -> int:
        # While a batch's acks are awaited, the previous batch is marked and the next one read.
        acked: Sequence[Waiting] = []
        carried: list[int] = []
        batches = 0
        while batch:
            acks = [await producer.send(r.topic, r.payload, key=r.key) for r in batch]
            await self._mark_published(conn, [r.id for r in acked])
            batches += 1
            full = len(batch) == self.batch_size and batches < self.batches_per_run
            following = await self._waiting(conn, after=batch[-1].id) if full else []
            await asyncio.gather(*acks)
            carried += [r.id for r in batch]
            acked, batch = batch, following
        await self._mark_published(conn, [r.id for r in acked])
        progress = progress_record(carried)
        await producer.send(self.progress_topic, progress, key=self.transactional_id.encode())
        return len(carried)

    async def _lead(self) -> AIOKafkaProducer | None:
        """The transactional producer while this process leads; None while another does."""
        if self._producer is not None and self._lock_conn is not None:
            if time.monotonic() - self._checked > self.check_s:
                await self._lock_conn.execute(text("SELECT 1"))  # the lock still held
                await self._lock_conn.commit()
                self._checked = time.monotonic()
            return self._producer
        conn = await self.engine.connect()
        try:
            key = lock_key(func.current_schema(), RELAY_LOCK)
            if not await conn.scalar(select(func.pg_try_advisory_lock(LOCK_CLASS, key))):
                await conn.close()
                return None
            await conn.commit()  # the lock is the session's: no transaction is left open
        except BaseException:
            await _drop(conn)
            raise
        self._lock_conn, self._checked = conn, time.monotonic()
        producer = AIOKafkaProducer(
            **self.kafka.client_options(),
            client_id=self.transactional_id,
            transactional_id=self.transactional_id,
            enable_idempotence=True,
            acks="all",
            linger_ms=5,
            request_timeout_ms=15000,
        )
        self._producer = producer
        await producer.start()
        # The producer id comes lazily; beginning a transaction waits for it, and with it for the
        # previous lead's last transaction to be complete (its markers written) and fenced.
        await producer.begin_transaction()
        await producer.abort_transaction()
        await self._reconcile()
        log.info("outbox_relay_leading", reconciled=self.reconciled)
        return producer

    async def _reconcile(self) -> None:
        """Mark the rows the last committed transaction carried (no-op when already marked)."""
        ranges = await read_progress(self.kafka, self.progress_topic, self.transactional_id)
        async with self.engine.begin() as conn:
            marked = await self._mark_published(conn, ids_of(ranges))
        self.reconciled += marked

    async def resign(self) -> None:
        """Give up the lead: stop the producer, end the lock's session."""
        producer, self._producer = self._producer, None
        conn, self._lock_conn = self._lock_conn, None
        if producer is not None:
            with contextlib.suppress(Exception):
                await producer.stop()
        if conn is not None:
            await _drop(conn)

    async def _waiting(self, conn: AsyncConnection, after: int) -> Sequence[Waiting]:
        return (
            await conn.execute(
                select(OUTBOX.c.id, OUTBOX.c.topic, OUTBOX.c.key, OUTBOX.c.payload)
                .where(OUTBOX.c.published_at.is_(None), OUTBOX.c.id > after)
                .order_by(OUTBOX.c.id)
                .limit(self.batch_size)
            )
        ).all()

    async def _mark_published(self, conn: AsyncConnection, row_ids: list[int]) -> int:
        if not row_ids:
            return 0
        # One array parameter, not an IN list of a batch's worth of parameters.
        ids = bindparam("sent_ids", row_ids, type_=ARRAY(BigInteger))
        result = await conn.execute(
            update(OUTBOX)
            .where(OUTBOX.c.id == any_(ids), OUTBOX.c.published_at.is_(None))
            .values(published_at=func.now())
        )
        return int(result.rowcount or 0)

    async def pending(self) -> int:
        async with self.engine.connect() as conn:
            count = await conn.scalar(
                select(func.count()).select_from(OUTBOX).where(OUTBOX.c.published_at.is_(None))
            )
        return int(count or 0)


async def _drop(conn: AsyncConnection) -> None:
    with contextlib.suppress(Exception):  # a broken connection: the server dropped the lock
        await conn.invalidate()  # ends the database session, and with it the lock
    with contextlib.suppress(Exception):
        await conn.close()
