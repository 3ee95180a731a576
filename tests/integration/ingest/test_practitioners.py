"""Practitioners upload from the portal in their browser, with short-lived tokens the portal
mints: for their own agency and site only, and never with a token that names no site."""

from __future__ import annotations

from datetime import timedelta

from aiokafka import AIOKafkaConsumer
from spin_contracts.claims import Role
from spin_contracts.events.envelope import Envelope, decode
from spin_contracts.topics import Topic, topic_name
from spin_ingest.api.principals import NO_SITE
from spincore.auth.tokens import TokenIssuer

from tests.integration.ingest.conftest import RunningIngest
from tests.integration.ingest.support import (
    AGENCY,
    INSTITUTE,
    MIB,
    SITE,
    create,
    eventually,
    grant,
    mp4_bytes,
    patch,
    token,
)

PORTAL = "http://127.0.0.1:8104"
PRACTITIONER = "prac-0042"


def practitioner(issuer: TokenIssuer, site: str | None = SITE) -> dict[str, str]:
    """What the portal mints for a signed-in practitioner: minutes, not hours."""
    return token(
        issuer,
        role=Role.PRACTITIONER,
        site=site,
        subject=PRACTITIONER,
        valid_for=timedelta(minutes=10),
    )


async def published_footage(running: RunningIngest) -> list[Envelope]:
    """The footage events on this test's topic, once the outbox has sent them."""

    async def sent() -> bool:
        return await running.runtime.relay.pending() == 0

    await eventually(sent, "the outbox to drain")
    consumer = AIOKafkaConsumer(
        topic_name(Topic.FOOTAGE, running.settings.topic_prefix),
        **running.settings.kafka.client_options(),
        auto_offset_reset="earliest",
    )
    await consumer.start()
    try:
        batches = await consumer.getmany(timeout_ms=10000)
    finally:
        await consumer.stop()
    return [decode(record.value)[0] for records in batches.values() for record in records]


async def test_a_practitioner_uploads_for_their_own_site_from_the_portal(
    ingest: RunningIngest, issuer: TokenIssuer
) -> None:
    await grant(ingest.settings, ingest.runtime.engine)
    auth, data = {**practitioner(issuer), "Origin": PORTAL}, mp4_bytes(7 * MIB + 3)
    created = await create(ingest.client, auth, len(data))
    assert created.status_code == 201, created.text
    assert created.headers["Access-Control-Allow-Origin"] == PORTAL
    assert "Location" in created.headers["Access-Control-Expose-Headers"]
    url = created.headers["Location"]
    first = await patch(ingest.client, auth, url, 0, data[: 5 * MIB])
    assert first.status_code == 204, first.text
    done = await patch(ingest.client, auth, url, 5 * MIB, data[5 * MIB :])
    assert done.status_code == 204, done.text
    assert done.headers["Upload-Offset"] == str(len(data))
    assert "Upload-Offset" in done.headers["Access-Control-Expose-Headers"]

    footage_id = done.headers["Spin-Footage-Id"]
    stored = f"raw/{AGENCY}/{SITE}/{footage_id}"
    assert ingest.s3.stat_object(ingest.settings.s3_bucket, stored).size == len(data)
    events = await published_footage(ingest)
    assert [e.event_type for e in events] == ["footage.upload_started", "footage.uploaded"]
    uploaded = events[1]
    assert str(uploaded.payload["footage_id"]) == footage_id
    assert uploaded.payload["size_bytes"] == len(data)
    assert (uploaded.tenant.institute_id, uploaded.tenant.agency_id) == (INSTITUTE, AGENCY)
    assert uploaded.tenant.site_id == SITE


async def test_a_practitioner_may_not_upload_for_another_site(
    ingest: RunningIngest, issuer: TokenIssuer
) -> None:
    await grant(ingest.settings, ingest.runtime.engine)
    refused = await create(ingest.client, practitioner(issuer, site="site-2"), MIB)
    assert refused.status_code == 403
    assert "its own agency and site" in refused.json()["detail"]
    assert ingest.leftovers() == ([], [])


async def test_a_practitioner_token_without_a_site_is_refused(
    ingest: RunningIngest, issuer: TokenIssuer
) -> None:
    await grant(ingest.settings, ingest.runtime.engine)
    refused = await create(
        ingest.client, {**practitioner(issuer, site=None), "Origin": PORTAL}, MIB
    )
    assert refused.status_code == 403
    assert refused.json() == {"detail": NO_SITE}
    assert refused.headers["Access-Control-Allow-Origin"] == PORTAL
    assert refused.headers["Tus-Resumable"] == "1.0.0"


async def test_a_practitioner_resumes_an_upload_with_the_next_token(
    ingest: RunningIngest, issuer: TokenIssuer
) -> None:
    """Tokens last minutes; a long upload carries on with the one the portal mints next."""
    await grant(ingest.settings, ingest.runtime.engine)
    data = mp4_bytes(6 * MIB)
    url = (await create(ingest.client, practitioner(issuer), len(data))).headers["Location"]
    assert (await patch(ingest.client, practitioner(issuer), url, 0, data[:MIB])).status_code == 204
    done = await patch(ingest.client, practitioner(issuer), url, MIB, data[MIB:])
    assert done.status_code == 204, done.text
    assert "Spin-Footage-Id" in done.headers
