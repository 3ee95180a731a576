"""Kafka plumbing on aiokafka: idempotent topic creation, an idempotent producer, dead letters."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaError, TopicAlreadyExistsError
from pydantic import BaseModel, ConfigDict
from spin_contracts.events.envelope import Envelope, Event
from spin_contracts.topics import TOPICS, Topic, TopicSpec, topic_name

from spincore.kafka_connection import KafkaConnection
from spincore.logging import get_logger
from spincore.settings import ServiceSettings

log = get_logger(__name__)


@dataclass(frozen=True)
class Replication:
    """How many copies a new topic keeps, and how many must hold a write before it is acked."""

    factor: int = 1
    min_insync: int = 1

    @classmethod
    def of(cls, settings: ServiceSettings) -> Replication:
        return cls(settings.kafka_replication_factor, settings.kafka_min_insync_replicas)

    def config(self) -> dict[str, str]:
        # Never more than the copies there are: a topic would refuse every acks=all write.
        return {"min.insync.replicas": str(min(self.min_insync, self.factor))}


async def create_topics(
    kafka: KafkaConnection,
    prefix: str = "",
    specs: Iterable[TopicSpec] | None = None,
    replication: Replication | None = None,
) -> list[str]:
    """Create every registered topic that does not exist yet; return the names created.

    A service's principal sees only the topics it may use and may create none: where infra/
    (or the operator) provisioned the topics, its request for the ones it cannot see is
    refused per topic and changes nothing."""
    copies = replication or Replication()
    admin = AIOKafkaAdminClient(**kafka.client_options())
    await admin.start()
    try:
        existing = set(await _topic_names(admin))
        wanted = [
            NewTopic(
                spec.name(prefix),
                spec.partitions,
                copies.factor,
                topic_configs={**spec.config(), **copies.config()},
            )
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


def dead_letter_value(
    raw: bytes, source: str, consumer: str, reason: str, attempts: int = 1
) -> bytes:
    """The dead-letter topic's record of `raw`, read from `source` by `consumer`."""
    letter = DeadLetter(
        source_topic=source,
        consumer=consumer,
        reason=reason,
        payload=raw.decode("utf-8", errors="replace"),
        attempts=attempts,
    )
    return letter.model_dump_json().encode()


async def kafka_ready(
    kafka: KafkaConnection, min_insync: int = 1, timeout_s: float = 3.0
) -> bool | str:
    """True when the brokers accept our credentials and enough of them are alive for a write
    acked by all in-sync replicas; else False (none answers) or what is short."""
    admin = AIOKafkaAdminClient(**kafka.client_options(), request_timeout_ms=int(timeout_s * 1000))
    try:
        await asyncio.wait_for(admin.start(), timeout_s)
        cluster = await _cluster_metadata(admin, timeout_s)
    except Exception:  # noqa: BLE001 - any failure means "not ready"
        return False
    finally:
        await admin.close()
    # Without a controller quorum the metadata still lists dead brokers: count those that answer.
    brokers = cluster.get("brokers", [])
    answers = await asyncio.gather(*(_listening(b["host"], b["port"], timeout_s) for b in brokers))
    return brokers_short(sum(answers), min_insync) or True


async def _topic_names(admin: AIOKafkaAdminClient) -> list[str]:
    # As in `_cluster_metadata`: the node the admin asks may be a broker that has just died
    # (a service restarted while one of three brokers is down failed its start-up on it).
    for attempt in range(3):
        try:
            names: list[str] = await admin.list_topics()
        except KafkaError:
            if attempt == 2:
                raise
            await asyncio.sleep(1.0)
        else:
            return names
    raise AssertionError("unreachable")


async def _cluster_metadata(admin: AIOKafkaAdminClient, timeout_s: float) -> dict[str, Any]:
    # The admin asks one broker it picks; where that one has just died, the next try asks another.
    for attempt in range(3):
        try:
            return await asyncio.wait_for(admin.describe_cluster(), timeout_s)
        except Exception:  # retried, then raised
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


async def _listening(host: str, port: int, timeout_s: float) -> bool:
    try:
        _, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout_s)
    except (OSError, TimeoutError):
        return False
    writer.close()
    return True


def brokers_short(live: int, min_insync: int) -> str | None:
    """What is short when `live` brokers answer and a write needs `min_insync` copies."""
    if live >= min_insync:
        return None
    return f"short: {live} live broker(s), writes need {min_insync} in sync"
