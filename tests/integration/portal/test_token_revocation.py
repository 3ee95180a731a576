"""Revoking a site upload token in the portal stops uploads with it at ingest.

Portal and ingest run in-process on one test's topics (each in its own schema): the admin
revokes on the tokens page, the portal publishes upload_token.revoked once through its
outbox, ingest refuses the old token, and a new token resumes the unfinished upload.
"""

from __future__ import annotations

import html
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import httpx
import jwt
from aiokafka import AIOKafkaConsumer, TopicPartition
from spin_contracts.events.consent import ConsentGranted, ConsentPurpose
from spin_contracts.events.directory import UploadTokenRevoked
from spin_contracts.events.envelope import Envelope, Event, decode
from spin_contracts.topics import TOPICS, Topic, topic_name
from spin_ingest.adapters.revoked_tokens import REVOKED_TOKENS
from spin_ingest.adapters.tables import PROCESSED_EVENTS as INGEST_PROCESSED
from spin_ingest.service.revocations import CONSUMER as REVOCATIONS
from spin_portal.adapters.tables import OUTBOX
from spin_portal.api.app import create_app as create_portal
from spincore.kafka import make_producer
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.integration.ingest.conftest import RunningIngest, ingest_settings, start_ingest
from tests.integration.ingest.support import (
    OCTETS,
    TUS,
    create,
    eventually,
    mp4_bytes,
    patch,
)
from tests.integration.portal.support import (
    add_users,
    csrf_of,
    log_in,
    portal_settings,
    publish,
    settled,
    small_dataset,
)
from tests.support.http import serving
from tests.support.isolation import Isolation

FILE = mp4_bytes(300_000)
HALF = len(FILE) // 2


@dataclass
class Stack:
    portal: httpx.AsyncClient
    portal_engine: AsyncEngine
    ingest: RunningIngest
    topic_prefix: str
    case_code: str
    site_id: str


def consented_case(events: list[tuple[Envelope, Event]]) -> tuple[str, str]:
    """A case of agency-1 with filming consent: (case code, site)."""
    for envelope, event in events:
        if (
            isinstance(event, ConsentGranted)
            and event.purpose is ConsentPurpose.FILMING
            and envelope.tenant.agency_id == "agency-1"
            and envelope.tenant.site_id
        ):
            return event.case_code, envelope.tenant.site_id
    raise AssertionError("the dataset has no consented case of agency-1")


@asynccontextmanager
async def stack(isolated: Isolation, auth_keys: tuple[Path, Path]) -> AsyncIterator[Stack]:
    settings = portal_settings(
        isolated,
        cookie_secure=False,
        auth_private_key_file=auth_keys[0],
        db_schema=f"{isolated.schema}_portal",
        s3_bucket=f"{isolated.bucket}-portal",
    )
    # A cache that never expires in the test: only the consumer itself can refuse in time.
    ingest_config = ingest_settings(isolated, revoked_tokens_refresh_seconds=3600)
    events = small_dataset()
    portal_app = create_portal(settings)
    async with (
        serving(portal_app) as url,
        start_ingest(ingest_config) as ingest,
        httpx.AsyncClient(base_url=url, timeout=30) as client,
    ):
        engine = portal_app.state.runtime.engine
        await publish(settings, events)
        await add_users(engine)
        await settled(engine, len(events))
        await log_in(client, "admin1")
        case_code, site_id = consented_case(events)
        yield Stack(client, engine, ingest, isolated.topic_prefix, case_code, site_id)


async def issue_token(s: Stack) -> str:
    page = await s.portal.get("/agencies/agency-1/tokens")
    issued = await s.portal.post(
        "/agencies/agency-1/tokens",
        data={"csrf_token": csrf_of(page), "site_id": s.site_id, "valid_days": "5"},
    )
    assert issued.status_code == 200, issued.text
    token = issued.text.split("data-token>")[1].split("<")[0]
    return f"Bearer {token}"


async def revoke_token(s: Stack, bearer: str) -> None:
    token_id = _token_id(bearer)
    page = await s.portal.get("/agencies/agency-1/tokens")
    revoked = await s.portal.post(
        f"/agencies/agency-1/tokens/{token_id}/revoke", data={"csrf_token": csrf_of(page)}
    )
    assert revoked.status_code == 303, revoked.text


def _token_id(bearer: str) -> str:
    return str(
        jwt.decode(bearer.removeprefix("Bearer "), options={"verify_signature": False})["jti"]
    )


def auth(bearer: str) -> dict[str, str]:
    return {"Authorization": bearer, **TUS}


async def start_upload(s: Stack, bearer: str) -> str:
    """Create an upload once ingest knows the case's consent, and send its first half."""

    async def accepted() -> httpx.Response | None:
        created = await create(
            s.ingest.client, auth(bearer), len(FILE), case_code=s.case_code, site=s.site_id
        )
        return created if created.status_code == 201 else None

    created = await eventually(accepted, "ingest to accept the consented case")
    location = created.headers["Location"]
    first = await patch(s.ingest.client, auth(bearer), location, 0, FILE[:HALF])
    assert first.status_code == 204, first.text
    return location


async def revocation_messages(s: Stack) -> list[tuple[Envelope, bytes]]:
    """Every upload_token.revoked on the directory topic, read from the beginning."""
    topic = topic_name(Topic.DIRECTORY, s.topic_prefix)
    consumer = AIOKafkaConsumer(**s.ingest.settings.kafka.client_options())
    await consumer.start()
    try:
        partitions = [TopicPartition(topic, p) for p in range(TOPICS[Topic.DIRECTORY].partitions)]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        found = []
        while [p for p in partitions if await consumer.position(p) < ends[p]]:
            for records in (await consumer.getmany(timeout_ms=1000)).values():
                for record in records:
                    assert record.value is not None
                    envelope, _ = decode(record.value)
                    if envelope.event_type == UploadTokenRevoked.event_type:
                        found.append((envelope, record.value))
        return found
    finally:
        await consumer.stop()


async def ingest_revocations(s: Stack) -> tuple[int, int]:
    """(revoked tokens recorded, revocation events processed) in ingest's schema."""
    async with s.ingest.runtime.engine.connect() as conn:
        tokens = await conn.scalar(select(func.count()).select_from(REVOKED_TOKENS))
        processed = await conn.scalar(
            select(func.count())
            .select_from(INGEST_PROCESSED)
            .where(INGEST_PROCESSED.c.consumer == REVOCATIONS)
        )
    return int(tokens or 0), int(processed or 0)


async def _published(s: Stack) -> bool:
    """No revocation waits in the portal's outbox."""
    async with s.portal_engine.connect() as conn:
        pending = await conn.scalar(
            select(func.count())
            .select_from(OUTBOX)
            .where(OUTBOX.c.event_type == UploadTokenRevoked.event_type)
            .where(OUTBOX.c.published_at.is_(None))
        )
    return pending == 0


async def test_a_revoked_token_is_refused_and_a_new_one_resumes_the_upload(
    isolated: Isolation, auth_keys: tuple[Path, Path]
) -> None:
    async with stack(isolated, auth_keys) as s:
        old = await issue_token(s)
        location = await start_upload(s, old)

        await revoke_token(s, old)

        async def refused() -> httpx.Response | None:
            answer = await create(
                s.ingest.client, auth(old), len(FILE), case_code=s.case_code, site=s.site_id
            )
            return answer if answer.status_code == 401 else None

        creation = await eventually(refused, "ingest to refuse the revoked token")
        message = html.unescape(creation.json()["detail"])
        assert message.startswith("this upload token was revoked on ")
        assert "ask your agency admin for a new one" in message
        resumed_with_old = await patch(s.ingest.client, auth(old), location, HALF, FILE[HALF:])
        assert resumed_with_old.status_code == 401
        assert "was revoked on" in resumed_with_old.json()["detail"]
        assert (await s.ingest.client.head(location, headers=auth(old))).status_code == 401

        new = await issue_token(s)
        head = await s.ingest.client.head(location, headers=auth(new))
        assert head.status_code == 200
        assert head.headers["Upload-Offset"] == str(HALF)
        finished = await s.ingest.client.patch(
            location,
            content=FILE[HALF:],
            headers={**auth(new), **OCTETS, "Upload-Offset": str(HALF)},
        )
        assert finished.status_code == 204, finished.text
        assert "Spin-Footage-Id" in finished.headers

        await eventually(partial(_published, s), "the portal's outbox to publish the revocation")
        messages = await revocation_messages(s)
        assert len(messages) == 1
        envelope, raw = messages[0]
        assert envelope.payload["token_id"] == _token_id(old)
        assert envelope.payload["revoked_by"].startswith("acct-")
        assert "admin1" not in raw.decode()
        assert await ingest_revocations(s) == (1, 1)


async def test_a_redelivered_revocation_changes_nothing(
    isolated: Isolation, auth_keys: tuple[Path, Path]
) -> None:
    async with stack(isolated, auth_keys) as s:
        first = await issue_token(s)
        await revoke_token(s, first)
        await eventually(lambda: _recorded(s, 1), "ingest to record the first revocation")
        async with s.ingest.runtime.engine.connect() as conn:
            before = (await conn.execute(select(REVOKED_TOKENS))).all()
        [(envelope, raw)] = await revocation_messages(s)

        producer = make_producer(s.ingest.settings.kafka, "revocation-tests")
        await producer.start()
        try:
            topic = topic_name(Topic.DIRECTORY, s.topic_prefix)
            await producer.send_and_wait(topic, raw, key=b"agency-1")
        finally:
            await producer.stop()
        # Keyed by agency, a later revocation follows the duplicate on its partition.
        second = await issue_token(s)
        await revoke_token(s, second)
        await eventually(lambda: _recorded(s, 2), "ingest to record the second revocation")

        assert await ingest_revocations(s) == (2, 2)
        async with s.ingest.runtime.engine.connect() as conn:
            after = (
                await conn.execute(
                    select(REVOKED_TOKENS).where(
                        REVOKED_TOKENS.c.token_id == envelope.payload["token_id"]
                    )
                )
            ).all()
        assert after == before
        refused = await create(
            s.ingest.client, auth(first), len(FILE), case_code=s.case_code, site=s.site_id
        )
        assert refused.status_code == 401


async def _recorded(s: Stack, count: int) -> bool:
    tokens, _ = await ingest_revocations(s)
    return tokens >= count
