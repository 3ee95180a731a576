"""Ingest's consent consumer (a plain consumer group): the shared dead-letter policy, and
offsets committed after each event, so a restarted ingest neither loses nor repeats one."""

from __future__ import annotations

import json

import pytest
from spin_contracts.events.envelope import Envelope, Tenant
from spin_contracts.topics import Topic, topic_name
from spincore.kafka import make_producer

from tests.integration.ingest.conftest import ingest_settings, start_ingest
from tests.integration.ingest.support import AGENCY, CASE, INSTITUTE, grant
from tests.integration.spincore.helpers import read_topic
from tests.support.isolation import Isolation

pytestmark = pytest.mark.integration


async def test_unreadable_consent_events_are_dead_lettered_once_across_a_restart(
    isolated: Isolation,
) -> None:
    settings = ingest_settings(isolated)
    source = topic_name(Topic.CONSENT, settings.topic_prefix)
    unknown = Envelope(
        event_type="consent.granted",
        schema_version=9,
        producer="test",
        correlation_id="test",
        tenant=Tenant(institute_id=INSTITUTE, agency_id=AGENCY),
        payload={},
    )
    producer = make_producer(settings.kafka, "test")
    await producer.start()
    try:
        # Keyed like the case's consents: same partition, so a later grant comes after them.
        await producer.send_and_wait(source, b"not json at all", key=CASE.encode())
        await producer.send_and_wait(source, unknown.to_bytes(), key=CASE.encode())
    finally:
        await producer.stop()

    async with start_ingest(settings) as running:
        await grant(settings, running.runtime.engine)
    async with start_ingest(settings) as running:
        await grant(settings, running.runtime.engine)  # seen: the restart is past the poison

    letters = [json.loads(v) for v in await read_topic(isolated, Topic.DEAD_LETTER, expected=2)]
    assert len(letters) == 2, letters
    assert {letter["consumer"] for letter in letters} == {"ingest-consent"}
    assert "not a valid envelope" in letters[0]["reason"]
    assert "unknown event consent.granted v9" in letters[1]["reason"]
