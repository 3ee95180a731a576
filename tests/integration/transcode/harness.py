"""Driving the transcode service from outside: uploads in, outcome events out (real servers)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import subprocess
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from minio import Minio
from spin_contracts.digest import file_sha256
from spin_contracts.events import Envelope, Event, Tenant, UnknownEventError, decode
from spin_contracts.events.footage import FootageUploaded
from spin_contracts.topics import TOPICS, Topic, topic_name
from spin_transcode.settings import TranscodeSettings
from spincore.kafka import make_producer, publish
from spincore.storage import make_s3

TENANT = Tenant(institute_id="spin-nl", agency_id="agency-1", site_id="site-1")
CASE = "CASE-0042"


class Outcomes:
    """Every event on the footage, progress and clips topics of one test, decoded as it comes."""

    def __init__(self, settings: TranscodeSettings) -> None:
        topics = (Topic.FOOTAGE, Topic.FOOTAGE_PROGRESS, Topic.CLIPS, Topic.DEAD_LETTER)
        self.consumer = AIOKafkaConsumer(
            *(topic_name(t, settings.topic_prefix) for t in topics),
            **settings.kafka.client_options(),
            auto_offset_reset="earliest",
            enable_auto_commit=False,
        )
        self.events: list[tuple[Envelope, Event]] = []
        self.dead_letters: list[dict[str, Any]] = []
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        await self.consumer.start()
        self._task = asyncio.create_task(self._collect())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        await self.consumer.stop()

    async def _collect(self) -> None:
        async for record in self.consumer:
            if record.topic.endswith(Topic.DEAD_LETTER.value):
                self.dead_letters.append(json.loads(record.value))
            else:
                with contextlib.suppress(UnknownEventError):  # poison sent by a test
                    self.events.append(decode(record.value))

    def of(self, event_type: str, about: UUID) -> list[Event]:
        return [
            event
            for envelope, event in self.events
            if envelope.event_type == event_type
            and about in (getattr(event, "footage_id", None), getattr(event, "request_id", None))
        ]

    async def first(self, about: UUID, *event_types: str, timeout_s: float = 120) -> Event:
        """The first event of one of `event_types` about a footage or request id."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            for event_type in event_types:
                found = self.of(event_type, about)
                if found:
                    return found[0]
            await asyncio.sleep(0.2)
        raise AssertionError(f"no {event_types} about {about} within {timeout_s} s")


class Uploader:
    """Puts a file where ingest would and announces it with footage.uploaded."""

    def __init__(self, settings: TranscodeSettings) -> None:
        self.settings = settings
        self.s3: Minio = make_s3(settings)
        self.producer: AIOKafkaProducer = make_producer(settings.kafka, "test-ingest")

    async def start(self) -> None:
        if not self.s3.bucket_exists(self.settings.s3_bucket):
            self.s3.make_bucket(self.settings.s3_bucket)
        await self.producer.start()

    async def stop(self) -> None:
        await self.producer.stop()

    async def upload(
        self, path: Path, container: str = "mp4", footage_id: UUID | None = None
    ) -> FootageUploaded:
        footage_id = footage_id or uuid4()
        key = f"uploads/{footage_id}/{path.name}"
        await asyncio.to_thread(self.s3.fput_object, self.settings.s3_bucket, key, str(path))
        now = datetime.now(UTC)
        event = FootageUploaded(
            footage_id=footage_id,
            case_code=CASE,
            filming_session_id="session-1",
            filmed_at=now,
            uploaded_at=now,
            bucket=self.settings.s3_bucket,
            object_key=key,
            size_bytes=(await asyncio.to_thread(path.stat)).st_size,
            sha256=file_sha256(path),
            container=container,
        )
        await self.announce(event)
        return event

    async def announce(self, event: Event, producer: str = "ingest") -> Envelope:
        envelope = Envelope.wrap(event, producer=producer, tenant=TENANT)
        await publish(self.producer, envelope, event, self.settings.topic_prefix)
        return envelope

    async def resend(self, envelope: Envelope) -> None:
        """Deliver exactly the same event again (same event id), as Kafka may."""
        await self.producer.send_and_wait(
            topic_name(Topic.FOOTAGE, self.settings.topic_prefix),
            envelope.to_bytes(),
            key=str(envelope.payload["footage_id"]).encode(),
        )

    def etags(self, prefix: str) -> dict[str, str | None]:
        listing = self.s3.list_objects(self.settings.s3_bucket, prefix=prefix, recursive=True)
        return {item.object_name or "": item.etag for item in listing}

    def presigned(self, key: str) -> str:
        return self.s3.presigned_get_object(self.settings.s3_bucket, key)

    def read(self, key: str, length: int | None = None) -> bytes:
        response = self.s3.get_object(self.settings.s3_bucket, key, length=length or 0)
        try:
            return bytes(response.read())
        finally:
            response.close()
            response.release_conn()


def probe(url: str) -> dict[str, Any]:
    """ffprobe the output as a player would see it."""
    result = subprocess.run(
        ["ffprobe", "-v", "error", "-show_format", "-show_streams", "-of", "json", url],
        check=True,
        capture_output=True,
    )
    parsed: dict[str, Any] = json.loads(result.stdout)
    return parsed


def streams(probed: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [s for s in probed["streams"] if s["codec_type"] == kind]


async def until(
    check: Callable[[], bool | Awaitable[bool]], timeout_s: float = 60, what: str = ""
) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        answer = check()
        if answer if isinstance(answer, bool) else await answer:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.3)


async def consumed_everything(settings: TranscodeSettings, topic: Topic, group: str) -> bool:
    """Has the service's consumer group committed past every message now on `topic`? A
    group's offset may stay one short of a partition's end: the outbox relay writes in Kafka
    transactions, and a commit marker (no message) can be a partition's last offset."""
    name = topic_name(topic, settings.topic_prefix)
    reader = AIOKafkaConsumer(**settings.kafka.client_options(), isolation_level="read_committed")
    admin = AIOKafkaAdminClient(**settings.kafka.client_options())
    await reader.start()
    await admin.start()
    try:
        partitions = [TopicPartition(name, p) for p in range(TOPICS[topic].partitions)]
        ends = await reader.end_offsets(partitions)
        committed = await admin.list_consumer_group_offsets(f"{settings.topic_prefix}{group}")
        done = {tp: meta.offset for tp, meta in committed.items()}
        behind = {tp: end for tp, end in ends.items() if max(done.get(tp, 0), 0) < end}
        reader.assign(list(behind))
        for tp in behind:
            reader.seek(tp, max(done.get(tp, 0), 0))
        while behind:  # nothing but markers between the group's offset and the end?
            fetched = await reader.getmany(*behind, timeout_ms=500)
            if any(r.offset < behind[tp] for tp, records in fetched.items() for r in records):
                return False
            behind = {tp: end for tp, end in behind.items() if await reader.position(tp) < end}
        return True
    finally:
        await reader.stop()
        await admin.close()
