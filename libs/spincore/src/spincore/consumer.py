"""The shared consumer policy (`spincore.streams.EventPolicy`) on a plain aiokafka consumer group.

For a service that consumes a few small topics and needs nothing else from Faust: Faust's
import alone costs a process about 17 MiB. Each event is handled, one at a time, in order;
the offsets of a fetched batch are committed once its handlers returned (at-least-once, like
the Faust agents: handlers dedupe, so a batch handled again after a failure changes nothing).
When Kafka fails the record (a dead letter or a commit that does not go through), the consumer
goes back to it and tries again.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from spin_contracts.topics import Topic, topic_name

from spincore.lifespan import alongside
from spincore.logging import get_logger
from spincore.runtime import Runtime
from spincore.safe_errors import describe
from spincore.streams import EventPolicy, Subscription

log = get_logger(__name__)
RETRY_AFTER_S = 1.0
FETCH_WAIT_MS = 500
MAX_RECORDS = 200


class GroupConsumer(EventPolicy):
    """Handlers on topics, through one consumer group named after `consumer`."""

    def __init__(self, runtime: Runtime, consumer: str) -> None:
        super().__init__(runtime.settings, consumer)
        self.runtime = runtime
        self._subscriptions: dict[str, Subscription] = {}

    def listen(self, topic: Topic, subscription: Subscription) -> None:  # noqa: ARG002
        self._subscriptions[subscription.source] = subscription

    async def send_dead_letter(self, key: bytes, value: bytes) -> None:
        topic = topic_name(Topic.DEAD_LETTER, self.settings.topic_prefix)
        await self.runtime.producer.send_and_wait(topic, value, key=key)

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Consume for the life of the block (a lifespan part: the runtime, whose producer
        sends the dead letters, has started)."""
        settings = self.settings
        consumer = AIOKafkaConsumer(
            *self._subscriptions,
            **settings.kafka.client_options(),
            group_id=f"{settings.topic_prefix}{self.consumer}",
            client_id=f"{settings.service_name}-{self.consumer}",
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            isolation_level="read_committed",  # not the records of an aborted relay run
        )
        await consumer.start()
        try:
            async with alongside(self._consume(consumer)):
                yield
        finally:
            await consumer.stop()

    async def _consume(self, consumer: AIOKafkaConsumer) -> None:
        while True:
            fetched = await consumer.getmany(timeout_ms=FETCH_WAIT_MS, max_records=MAX_RECORDS)
            for partition, records in fetched.items():
                await self._handle_all(consumer, partition, records)

    async def _handle_all(
        self,
        consumer: AIOKafkaConsumer,
        partition: TopicPartition,
        records: list[ConsumerRecord[bytes, bytes]],
    ) -> None:
        """Handle one partition's records in order; commit once, after the last handled (a
        commit is a broker round trip, not worth paying for every record)."""
        done: int | None = None
        try:
            for record in records:
                await self.handle_one(record.value or b"", self._subscriptions[record.topic])
                done = record.offset + 1
            if done is not None:
                await consumer.commit({partition: done})
        except Exception as error:  # noqa: BLE001 - Kafka is away: from the first not committed
            log.warning(
                "consumer_retrying",
                consumer=self.consumer,
                topic=partition.topic,
                error=describe(error),
            )
            await asyncio.sleep(RETRY_AFTER_S)
            if partition in consumer.assignment():  # else its new owner starts from the commit
                consumer.seek(partition, records[0].offset)
