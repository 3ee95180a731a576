"""Publish an event straight to its topic, standing in for the service that owns it.

Tests (and benchmarks) of one service feed it the events another service would publish (the
planner's consents and sites, for example) without running that service. Production events
leave only through their producer's outbox.
"""

from __future__ import annotations

from spin_contracts.events.envelope import Envelope, Event, Tenant
from spincore.kafka import make_producer, publish
from spincore.settings import ServiceSettings

PRODUCER = "tests"


async def publish_event(settings: ServiceSettings, tenant: Tenant, event: Event) -> Envelope:
    """Send one event to its topic (under the settings' prefix) and wait for the broker."""
    envelope = Envelope.wrap(event, producer=PRODUCER, tenant=tenant)
    producer = make_producer(settings.kafka, PRODUCER)
    await producer.start()
    try:
        await publish(producer, envelope, event, settings.topic_prefix)
    finally:
        await producer.stop()
    return envelope
