"""Ingest refuses revoked upload tokens: learnt from upload_token.revoked, or from the table
another replica's consumer filled (the cache reloads it within its refresh time)."""

from __future__ import annotations

from datetime import UTC, datetime

from spin_contracts.events.directory import UploadTokenRevoked
from spin_contracts.events.envelope import Envelope, Tenant
from spin_ingest.adapters import revoked_tokens
from spincore.auth.tokens import TokenIssuer, TokenVerifier
from spincore.kafka import make_producer, publish

from tests.integration.ingest.conftest import ingest_settings, start_ingest
from tests.integration.ingest.support import (
    AGENCY,
    INSTITUTE,
    SITE,
    create,
    eventually,
    grant,
    mp4_bytes,
    token,
)
from tests.support.isolation import Isolation

FILE = mp4_bytes(100_000)


def revocation_of(auth: dict[str, str], verifier: TokenVerifier) -> UploadTokenRevoked:
    principal = verifier.verify(auth["Authorization"].removeprefix("Bearer "))
    return UploadTokenRevoked(
        token_id=principal.token_id,
        agency_id=AGENCY,
        site_id=SITE,
        revoked_at=datetime(2026, 3, 4, 9, 30, tzinfo=UTC),
        revoked_by="acct-0123456789abcdef",
    )


async def test_a_revocation_event_refuses_every_request_of_the_token(
    isolated: Isolation, issuer: TokenIssuer
) -> None:
    settings = ingest_settings(isolated, revoked_tokens_refresh_seconds=3600)
    async with start_ingest(settings) as running:
        verifier = running.runtime.verifier
        assert verifier is not None
        await grant(settings, running.runtime.engine)
        old, other = token(issuer), token(issuer)
        created = await create(running.client, old, len(FILE))
        assert created.status_code == 201
        location = created.headers["Location"]

        event = revocation_of(old, verifier)
        producer = make_producer(settings.kafka, "revocation-tests")
        await producer.start()
        try:
            tenant = Tenant(institute_id=INSTITUTE, agency_id=AGENCY, site_id=SITE)
            await publish(
                producer,
                Envelope.wrap(event, producer="portal", tenant=tenant),
                event,
                settings.topic_prefix,
            )
        finally:
            await producer.stop()

        async def refused() -> bool:
            return (await running.client.head(location, headers=old)).status_code == 401

        await eventually(refused, "ingest to refuse the revoked token")
        cancel = await running.client.delete(location, headers=old)
        assert cancel.status_code == 401
        assert cancel.json()["detail"] == (
            "this upload token was revoked on 2026-03-04 09:30 UTC; ask your agency admin for "
            "a new one (uploads already started can be resumed with it)"
        )
        assert cancel.headers["WWW-Authenticate"].startswith("Bearer")
        assert (await running.client.head(location, headers=other)).status_code == 200


async def test_a_replica_that_did_not_consume_the_event_refuses_after_its_refresh(
    isolated: Isolation, issuer: TokenIssuer
) -> None:
    settings = ingest_settings(isolated, revoked_tokens_refresh_seconds=0.5)
    async with start_ingest(settings) as running:
        verifier = running.runtime.verifier
        assert verifier is not None
        await grant(settings, running.runtime.engine)
        old = token(issuer)
        assert (await create(running.client, old, len(FILE))).status_code == 201
        # What another replica's consumer writes; this replica's consumer never sees it.
        async with running.runtime.engine.begin() as conn:
            await revoked_tokens.record(conn, revocation_of(old, verifier))

        async def refused() -> bool:
            return (await create(running.client, old, len(FILE))).status_code == 401

        await eventually(refused, "the cache to reload the revoked tokens")
