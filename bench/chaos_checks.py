"""What the chaos run checks afterwards, from the outside: topics, object storage, the planner."""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from uuid import UUID

import httpx
from aiokafka import AIOKafkaConsumer
from minio import Minio
from spin_contracts.events import decode
from spin_contracts.events.footage import (
    ClipFailed,
    ClipRendered,
    FootageFailed,
    FootageTranscoded,
    FootageUploaded,
)
from spin_contracts.events.planner import CaseOpened
from spin_contracts.topics import Topic, topic_name
from spincore.kafka_connection import KafkaConnection

from bench.chaos_clips import Review
from bench.chaos_work import Upload, Write


@dataclass
class Seen:
    """The events of this run on the footage and planner topics."""

    event_ids: Counter[UUID] = field(default_factory=Counter)
    types: dict[UUID, str] = field(default_factory=dict)
    uploaded: dict[str, FootageUploaded] = field(default_factory=dict)  # by case code
    outcomes: dict[UUID, set[UUID]] = field(default_factory=lambda: defaultdict(set))
    opened: dict[str, set[UUID]] = field(default_factory=lambda: defaultdict(set))  # case id
    rendered: dict[str, set[UUID]] = field(default_factory=lambda: defaultdict(set))  # request
    clip_requests: set[str] = field(default_factory=set)  # the reviews' requests to wait for

    def done(self, uploads: list[Upload], writes: list[Write]) -> bool:
        codes = {u.case_code for u in uploads if u.completed}
        if not codes <= set(self.uploaded):
            return False
        if any(not self.outcomes.get(self.uploaded[c].footage_id) for c in codes):
            return False
        if not self.clip_requests <= set(self.rendered):
            return False
        return {w.case_id for w in writes if w.case_id} <= set(self.opened)


async def read_events(
    kafka: KafkaConnection,
    uploads: list[Upload],
    writes: list[Write],
    deadline_s: float,
    clip_requests: set[str],
) -> Seen:
    codes = {u.case_code for u in uploads}
    cases = {w.case_id for w in writes if w.case_id}
    topics = [topic_name(Topic.FOOTAGE), topic_name(Topic.PLANNER), topic_name(Topic.CLIPS)]
    consumer = AIOKafkaConsumer(
        *topics,
        **kafka.client_options(),
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        isolation_level="read_committed",  # what the services' consumers see
    )
    await consumer.start()
    seen = Seen(clip_requests=clip_requests)
    deadline = time.monotonic() + deadline_s
    try:
        while time.monotonic() < deadline and not seen.done(uploads, writes):
            for records in (await consumer.getmany(timeout_ms=1000)).values():
                for record in records:
                    _note(seen, record.value or b"", codes, cases)
        for records in (await consumer.getmany(timeout_ms=2000)).values():
            for record in records:
                _note(seen, record.value or b"", codes, cases)
    finally:
        await consumer.stop()
    return seen


def _note(seen: Seen, value: bytes, codes: set[str], cases: set[str]) -> None:
    try:
        envelope, event = decode(value)
    except Exception:  # noqa: BLE001 - another producer's event type; not ours
        return
    seen.types[envelope.event_id] = envelope.event_type
    if isinstance(event, FootageUploaded) and event.case_code in codes:
        seen.event_ids[envelope.event_id] += 1
        seen.uploaded[event.case_code] = event
    elif isinstance(event, FootageTranscoded | FootageFailed) and event.case_code in codes:
        seen.event_ids[envelope.event_id] += 1
        seen.outcomes[event.footage_id].add(envelope.event_id)
    elif (
        isinstance(event, ClipRendered | ClipFailed) and str(event.request_id) in seen.clip_requests
    ):
        seen.event_ids[envelope.event_id] += 1
        seen.rendered[str(event.request_id)].add(envelope.event_id)
    elif isinstance(event, CaseOpened) and str(event.case_id) in cases:
        seen.event_ids[envelope.event_id] += 1
        seen.opened[str(event.case_id)].add(envelope.event_id)


def sha256_of(s3: Minio, bucket: str, key: str) -> str | None:
    try:
        response = s3.get_object(bucket, key)
    except Exception:  # noqa: BLE001 - missing or unreadable: lost
        return None
    try:
        digest = hashlib.sha256()
        for block in response.stream(1024 * 1024):  # footage: never the whole object in memory
            digest.update(block)
        return digest.hexdigest()
    finally:
        response.close()
        response.release_conn()


Row = tuple[str, int, int, int]  # what, checked, lost, duplicated


def upload_rows(uploads: list[Upload], seen: Seen, s3: Minio) -> list[Row]:
    done = [u for u in uploads if u.completed]
    bad = 0
    for upload in done:
        event = seen.uploaded.get(upload.case_code)
        if event is None or sha256_of(s3, event.bucket, event.object_key) != upload.sha256:
            bad += 1
    footage = [seen.uploaded[u.case_code].footage_id for u in done if u.case_code in seen.uploaded]
    stuck = sum(1 for f in footage if not seen.outcomes.get(f))
    twice = sum(1 for f in footage if len(seen.outcomes.get(f, ())) > 1)
    return [
        ("uploads completed by the client", len(uploads), len(uploads) - len(done), 0),
        ("  object sha256 = source", len(done), bad, 0),
        ("  footage transcoded or failed", len(footage), stuck, twice),
    ]


async def planner_rows(
    base: str, writes: list[Write], seen: Seen, headers: dict[str, dict[str, str]]
) -> list[Row]:
    answered = [w for w in writes if w.case_id]
    missing = 0
    async with httpx.AsyncClient(base_url=base, timeout=20) as client:
        for write in answered:
            got = await client.get(f"/cases/{write.case_id}", headers=headers[write.practitioner])
            missing += got.status_code != 200
    no_event = sum(1 for w in answered if not seen.opened.get(w.case_id or ""))
    twice = sum(1 for w in answered if len(seen.opened.get(w.case_id or "", ())) > 1)
    ambiguous = sum(w.ambiguous for w in writes)
    return [
        ("planner writes answered 201", len(writes), len(writes) - len(answered), 0),
        ("  case in the planner", len(answered), missing, 0),
        ("  case.opened on its topic", len(answered), no_event, twice),
        ("  retries after an unknown outcome", ambiguous, 0, 0),
    ]


def clip_rows(reviews: list[Review], seen: Seen) -> list[Row]:
    """Reviews that asked for clips: rendered in the planner, clip.rendered on the topic once."""
    asked = [r for r in reviews if r.request_id]
    for review in reviews:
        if review.status != "rendered":
            print(f"  review {review.case_id}: {review.status}")
    unrendered = sum(1 for r in asked if r.status != "rendered")
    no_event = sum(1 for r in asked if not seen.rendered.get(r.request_id or ""))
    twice = sum(1 for r in asked if len(seen.rendered.get(r.request_id or "", ())) > 1)
    return [
        ("reviews that asked for clips (202)", len(reviews), len(reviews) - len(asked), 0),
        ("  clips and reel rendered (planner)", len(asked), unrendered, 0),
        ("  clip outcome on its topic", len(asked), no_event, twice),
    ]


def event_rows(seen: Seen) -> list[Row]:
    again = sum(n - 1 for n in seen.event_ids.values() if n > 1)
    for event_id, n in seen.event_ids.items():
        if n > 1:
            print(f"  on its topic {n} times: {seen.types[event_id]} {event_id}")
    return [("events by id (same id twice)", len(seen.event_ids), 0, again)]


SERVICES = ("ingest", "transcode", "planner", "portal")


async def service_rows(urls: dict[str, str], within_s: float = 90) -> list[Row]:
    """Every service ready again after the faults: `/readyz` 200 with no dependency short or
    degraded (a service that never recovered counts as lost)."""
    deadline = time.monotonic() + within_s
    waiting = dict(urls)
    async with httpx.AsyncClient(timeout=5) as client:
        while waiting and time.monotonic() < deadline:
            for name, url in list(waiting.items()):
                if await _recovered(client, url):
                    del waiting[name]
            if waiting:
                await asyncio.sleep(1)
    for name in waiting:
        print(f"  not ready again within {within_s:.0f} s: {name}")
    return [("services ready again (/readyz)", len(urls), len(waiting), 0)]


async def _recovered(client: httpx.AsyncClient, url: str) -> bool:
    try:
        answer = await client.get(f"{url}/readyz")
    except httpx.HTTPError:
        return False
    return answer.status_code == 200 and not answer.json().get("degraded")


def print_table(rows: list[Row]) -> tuple[int, int]:
    print(f"{'check':40} {'checked':>8} {'lost':>6} {'dupes':>6}")
    for what, checked, lost, dupes in rows:
        print(f"{what:40} {checked:8d} {lost:6d} {dupes:6d}")
    return sum(r[2] for r in rows), sum(r[3] for r in rows)
