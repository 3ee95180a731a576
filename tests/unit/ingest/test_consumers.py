"""Ingest's consent, site and revoked-token views, fed from in-memory events (no servers)."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

from spin_contracts.events.consent import ConsentGranted, ConsentPurpose, ConsentWithdrawn
from spin_contracts.events.directory import SiteRegistered, UploadTokenRevoked
from spin_contracts.events.envelope import Envelope, Event, Tenant
from spin_ingest.service import consent, directory, revocations
from spin_ingest.service.revocations import RevokedTokens

from tests.unit.ingest.fake_database import FakeDatabase

GRANTED = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
WITHDRAWN = datetime(2026, 5, 10, 14, 30, tzinfo=UTC)
CONSENT_ID = uuid4()


def enveloped(event: Event) -> Envelope:
    tenant = Tenant(institute_id="inst-1", agency_id="agency-1")
    return Envelope.wrap(event, producer="planner", tenant=tenant)


def granted() -> ConsentGranted:
    return ConsentGranted(
        consent_id=CONSENT_ID,
        case_code="C-2026-001",
        purpose=ConsentPurpose.FILMING,
        granted_at=GRANTED,
    )


def revoked() -> UploadTokenRevoked:
    return UploadTokenRevoked(
        token_id="token-1",
        agency_id="agency-1",
        site_id="site-1",
        revoked_at=GRANTED,
        revoked_by="acct-0123456789abcdef",
    )


async def test_a_grant_is_recorded_once_and_a_withdrawal_joins_it() -> None:
    database = FakeDatabase()
    on_consent = consent.consent_handler(database)
    grant = enveloped(granted())

    await on_consent(grant, granted())
    await on_consent(grant, granted())  # a redelivery changes nothing
    withdrawal = ConsentWithdrawn(
        consent_id=CONSENT_ID,
        case_code="C-2026-001",
        purpose=ConsentPurpose.FILMING,
        withdrawn_at=WITHDRAWN,
    )
    await on_consent(enveloped(withdrawal), withdrawal)

    assert database.event_views.consents == {
        CONSENT_ID: {
            "case_code": "C-2026-001",
            "agency_id": "agency-1",
            "purpose": "filming",
            "granted_at": GRANTED,
            "valid_until": None,
            "withdrawn_at": WITHDRAWN,
        }
    }
    assert len(database.event_views.delivered) == 2


async def test_a_registered_site_is_known_by_its_agency() -> None:
    database = FakeDatabase()
    on_site = directory.site_handler(database)
    site = SiteRegistered(site_id="site-1", agency_id="agency-1", name="North")

    await on_site(enveloped(site), site)
    await on_site(enveloped(revoked()), revoked())  # not a site: ignored

    assert database.event_views.sites == {"site-1": "agency-1"}
    assert database.event_views.transactions == 1


async def test_a_revocation_is_recorded_and_known_at_once_to_the_replica_consuming_it() -> None:
    database = FakeDatabase()
    cache = RevokedTokens(database, refresh_s=3600)
    assert await cache.revoked_at("token-1") is None
    on_revoked = revocations.revocation_handler(database, cache)

    await on_revoked(enveloped(revoked()), revoked())

    assert database.event_views.revoked == {"token-1": GRANTED}
    assert await cache.revoked_at("token-1") == GRANTED


async def test_other_replicas_learn_revocations_when_they_reload() -> None:
    database = FakeDatabase()
    database.event_views.revoked["token-2"] = WITHDRAWN
    cache = RevokedTokens(database, refresh_s=0)

    assert await cache.revoked_at("token-2") == WITHDRAWN
