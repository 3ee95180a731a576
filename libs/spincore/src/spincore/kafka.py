"""Kafka plumbing on aiokafka: idempotent topic creation, an idempotent producer, dead letters."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterable

from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError
from pydantic import BaseModel, ConfigDict
from spin_contracts.events.envelope import Envelope, Event
from spin_contracts.topics import TOPICS, Topic, TopicSpec, topic_name

from spincore.kafka_connection import KafkaConnection
from spincore.logging import get_logger

log = get_logger(__name__)


async def create_topics(
    kafka: KafkaConnection, prefix: str = "", specs: Iterable[TopicSpec] | None = None
) -> list[str]:
    """Create every registered topic that does not exist yet; return the names created.

    A service's principal sees only the topics it may use and may create none: where infra/
    (or the operator) provisioned the topics, its request for the ones it cannot see is
    refused per topic and changes nothing."""
    admin = AIOKafkaAdminClient(**kafka.client_options())
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        wanted = [
            NewTopic(spec.name(prefix), spec.partitions, 1, topic_configs=spec.config())
            for spec in (specs or TOPICS.values())
            if spec.name(prefix) not in existing
        ]
        if wanted:
            # Another replica may win the race; the topic is then what we wanted anyway.
            with contextlib.suppress(TopicAlreadyExistsError):
                await admin.create_topics(wanted)
        return [t.name for t in wanted]
    finally:
        await admin.close()


def make_producer(kafka: KafkaConnection, client_id: str) -> AIOKafkaProducer:
    """An idempotent producer: retries never duplicate or reorder within a partition."""
    return AIOKafkaProducer(
        **kafka.client_options(),
        client_id=client_id,
        enable_idempotence=True,
        acks="all",
        linger_ms=5,
        request_timeout_ms=15000,
    )


async def publish(
    producer: AIOKafkaProducer, envelope: Envelope, event: Event, prefix: str = ""
) -> None:
    """Send one enveloped event to its registered topic, keyed for ordering, and wait for acks."""
    await producer.send_and_wait(
        topic_name(Topic(event.topic), prefix),
        envelope.to_bytes(),
        key=event.partition_key().encode(),
        headers=[("event_type", envelope.event_type.encode())],
    )


class DeadLetter(BaseModel):
    """What the dead-letter topic holds: the original bytes and why nobody could use them."""

    model_config = ConfigDict(frozen=True)

    source_topic: str
    consumer: str
    reason: str
    payload: str
    attempts: int = 1


async def kafka_ready(kafka: KafkaConnection, timeout_s: float = 3.0) -> bool:
    """True when the broker accepts our credentials and answers a metadata request."""
    admin = AIOKafkaAdminClient(**kafka.client_options(), request_timeout_ms=int(timeout_s * 1000))
    try:
        await asyncio.wait_for(admin.start(), timeout_s)
        await asyncio.wait_for(admin.list_topics(), timeout_s)
        return True
    except Exception:  # noqa: BLE001 - any failure means "not ready"
        return False
    finally:
        await admin.close()
