"""The shared consumer policy on a real broker: handle, retry, dead-letter, never crash."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from datetime import UTC, datetime
from uuid import uuid4

import pytest
from aiokafka import AIOKafkaProducer
from spin_contracts.events import Envelope, Event, Tenant
from spin_contracts.events.consent import ConsentGranted, ConsentPurpose
from spin_contracts.topics import Topic, topic_name
from spincore.kafka import make_producer, publish
from spincore.settings import ServiceSettings
from spincore.streams import StreamConsumer, make_stream_app, running

from tests.integration.spincore.helpers import read_topic
from tests.support.isolation import Isolation

pytestmark = pytest.mark.integration


def granted(case_code: str) -> ConsentGranted:
    return ConsentGranted(
        consent_id=uuid4(),
        case_code=case_code,
        purpose=ConsentPurpose.FILMING,
        granted_at=datetime.now(UTC),
    )


async def until(condition: Callable[[], bool], timeout_s: float = 60) -> None:
    deadline = asyncio.get_running_loop().time() + timeout_s
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "condition not met in time"
        await asyncio.sleep(0.1)


async def _send_poison_unknown_failing_and_good(
    producer: AIOKafkaProducer, settings: ServiceSettings
) -> None:
    """Not an envelope, an unknown version, one whose handler fails, and a good one."""
    tenant = Tenant(institute_id="spin-nl")
    source = topic_name(Topic.CONSENT, settings.topic_prefix)
    await producer.send_and_wait(source, b"not json at all", key=b"CASE-0001")
    unknown = Envelope.wrap(granted("CASE-0001"), producer="t", tenant=tenant)
    await producer.send_and_wait(
        source, unknown.model_copy(update={"schema_version": 7}).to_bytes(), key=b"CASE-0001"
    )
    for code in ("CASE-FAIL", "CASE-0002"):
        event = granted(code)
        await publish(
            producer,
            Envelope.wrap(event, producer="t", tenant=tenant),
            event,
            settings.topic_prefix,
        )


async def test_poison_and_failing_events_go_to_dead_letters_and_the_rest_is_handled(
    isolated: Isolation,
) -> None:
    settings = isolated.settings(ServiceSettings)
    handled: asyncio.Queue[str] = asyncio.Queue()
    gave_up: list[str] = []

    async def handle(_envelope: Envelope, event: Event) -> None:
        assert isinstance(event, ConsentGranted)
        if event.case_code == "CASE-FAIL":
            raise RuntimeError("storage unavailable")
        await handled.put(event.case_code)

    async def give_up(_envelope: Envelope, event: Event, _error: BaseException) -> None:
        assert isinstance(event, ConsentGranted)
        gave_up.append(event.case_code)

    app = make_stream_app(settings, "policy-test")
    StreamConsumer(app, settings, "policy-test").subscribe(
        Topic.CONSENT,
        handle,
        accepts={"consent.granted"},
        on_give_up=give_up,
        max_attempts=2,
        first_backoff_s=0.05,
    )
    producer = make_producer(settings.kafka, "test")
    await producer.start()
    try:
        await _send_poison_unknown_failing_and_good(producer, settings)
        async with running(app):
            assert await asyncio.wait_for(handled.get(), 60) == "CASE-0002"
            await until(lambda: gave_up == ["CASE-FAIL"])
    finally:
        await producer.stop()

    letters = [json.loads(v) for v in await read_topic(isolated, Topic.DEAD_LETTER, expected=3)]
    reasons = [letter["reason"] for letter in letters]
    assert len(letters) == 3
    assert "not a valid envelope" in reasons[0]
    assert "unknown event consent.granted v7" in reasons[1]
    assert "storage unavailable" in reasons[2]
    assert letters[2]["attempts"] == 2
    assert gave_up == ["CASE-FAIL"]
