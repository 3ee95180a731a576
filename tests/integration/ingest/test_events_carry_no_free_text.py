"""What a site types when uploading (a device's name, a file name) stays out of every topic."""

from __future__ import annotations

import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from spin_contracts.events import decode
from spin_contracts.events.footage import FootageUploaded, FootageUploadStarted
from spin_contracts.topics import TOPICS, Topic
from spincore.auth.tokens import TokenIssuer

from tests.integration.ingest.conftest import RunningIngest
from tests.integration.ingest.support import MIB, create, eventually, grant, mp4_bytes, patch, token
from tests.integration.spincore.helpers import read_topic
from tests.support.isolation import Isolation

pytestmark = pytest.mark.integration


async def every_message(isolated: Isolation) -> list[bytes]:
    """Every message on every topic of this test, up to each partition's current end."""
    consumer = AIOKafkaConsumer(
        **isolated.endpoints.kafka.client_options(), enable_auto_commit=False
    )
    await consumer.start()
    try:
        partitions = [
            TopicPartition(spec.name(isolated.topic_prefix), number)
            for spec in TOPICS.values()
            for number in range(spec.partitions)
        ]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        values: list[bytes] = []
        while [p for p, end in ends.items() if await consumer.position(p) < end]:
            batch = await consumer.getmany(timeout_ms=1000)
            values += [record.value or b"" for records in batch.values() for record in records]
        return values
    finally:
        await consumer.stop()


TYPED = {"device": "iPhone van Jan de Vries", "filename": "Jan de Vries bedtime.mp4"}


async def test_the_typed_device_and_file_name_reach_no_topic(
    ingest: RunningIngest, issuer: TokenIssuer, isolated: Isolation
) -> None:
    await grant(ingest.settings, ingest.runtime.engine)
    auth, data = token(issuer), mp4_bytes(MIB)
    created = await create(ingest.client, auth, len(data), **TYPED)
    assert created.status_code == 201, created.text
    done = await patch(ingest.client, auth, created.headers["Location"], 0, data)
    assert done.status_code == 204, done.text

    async def published() -> bool:
        return await ingest.runtime.relay.pending() == 0

    await eventually(published, "the outbox to drain")
    # The lifecycle learns of the upload when it starts, the transcoder when it is stored.
    footage = await read_topic(isolated, Topic.FOOTAGE, expected=2)
    uploaded = [event for _, event in map(decode, footage)]
    assert [type(event) for event in uploaded] == [FootageUploadStarted, FootageUploaded]
    everything = b"".join(await every_message(isolated))
    assert everything.count(b"footage.uploaded") == 1
    for typed in (b"Jan de Vries", b"iPhone", b"bedtime"):
        assert typed not in everything
    assert b"session-7" in everything  # the filming session's identifier is what links it
