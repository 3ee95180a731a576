"""Helpers for ingest integration tests: tokens, tus headers, sample files, consent, polling."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import os
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar
from uuid import UUID, uuid4

import httpx
from spin_contracts.claims import Role
from spin_contracts.events.consent import ConsentGranted, ConsentPurpose, ConsentWithdrawn
from spin_contracts.events.directory import SiteRegistered
from spin_contracts.events.envelope import Envelope, Tenant
from spin_ingest.adapters.sites import SITES
from spin_ingest.adapters.tables import CONSENTS
from spin_ingest.domain.metadata import encode_header
from spin_ingest.service.consent import consent_handler
from spin_ingest.service.directory import site_handler
from spin_ingest.service.ports import Database
from spin_ingest.settings import IngestSettings
from spincore.auth.tokens import TokenIssuer
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.support.publishing import publish_event

T = TypeVar("T")
MIB = 1024 * 1024
INSTITUTE, AGENCY, SITE = "inst-nl", "agency-a", "site-1"
CASE = "C-2025-001"
TUS = {"Tus-Resumable": "1.0.0"}
OCTETS = {"Content-Type": "application/offset+octet-stream"}


def mp4_bytes(size: int) -> bytes:
    """Bytes that start like an MP4 (ftyp box), random after that."""
    head = b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41"
    return head + os.urandom(size - len(head))


def token(
    issuer: TokenIssuer,
    role: Role = Role.SITE_UPLOADER,
    agency: str = AGENCY,
    site: str | None = SITE,
    subject: str = "uploader@test",
    valid_for: timedelta = timedelta(hours=1),
) -> dict[str, str]:
    minted = issuer.mint(
        subject=subject,
        role=role,
        institute_id=INSTITUTE,
        agency_id=agency,
        site_id=site,
        valid_for=valid_for,
    )
    return {"Authorization": f"Bearer {minted}", **TUS}


def metadata(**overrides: str | None) -> str:
    values: dict[str, str | None] = {
        "case_code": CASE,
        "site": SITE,
        "filming_session_id": "session-7",
        "filmed_at": (datetime.now(UTC) - timedelta(hours=2)).isoformat(),
        "filename": "family_home.mp4",
        "device": "Sony FDR-AX43",
        **overrides,
    }
    return encode_header({k: v for k, v in values.items() if v is not None})


def checksum(data: bytes) -> str:
    return "sha256 " + base64.b64encode(hashlib.sha256(data).digest()).decode()


async def create(
    client: httpx.AsyncClient, auth: dict[str, str], length: int, **meta: str | None
) -> httpx.Response:
    return await client.post(
        "/files/",
        headers={**auth, "Upload-Length": str(length), "Upload-Metadata": metadata(**meta)},
    )


async def patch(
    client: httpx.AsyncClient,
    auth: dict[str, str],
    url: str,
    offset: int,
    data: bytes,
    **headers: str,
) -> httpx.Response:
    return await client.patch(
        url, content=data, headers={**auth, **OCTETS, "Upload-Offset": str(offset), **headers}
    )


async def eventually(
    probe: Callable[[], Awaitable[T | None]], what: str, timeout_s: float = 60
) -> T:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        found = await probe()
        if found:
            return found
        await asyncio.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def filming_consent(case_code: str = CASE) -> ConsentGranted:
    return ConsentGranted(
        consent_id=uuid4(),
        case_code=case_code,
        purpose=ConsentPurpose.FILMING,
        granted_at=datetime.now(UTC) - timedelta(days=1),
    )


async def grant_without_kafka(database: Database, case_code: str = CASE) -> None:
    """Record a consent as ingest's consent consumer does, for a test with no Kafka."""
    event = filming_consent(case_code)
    tenant = Tenant(institute_id=INSTITUTE, agency_id=AGENCY)
    await consent_handler(database)(Envelope.wrap(event, producer="planner", tenant=tenant), event)


async def register_site_without_kafka(database: Database) -> None:
    """Record the site as ingest's directory consumer does, for a test with no Kafka."""
    event = SiteRegistered(site_id=SITE, agency_id=AGENCY, name="Office")
    tenant = Tenant(institute_id=INSTITUTE, agency_id=AGENCY, site_id=SITE)
    await site_handler(database)(Envelope.wrap(event, producer="planner", tenant=tenant), event)


async def grant(
    settings: IngestSettings, engine: AsyncEngine, case_code: str = CASE, agency: str = AGENCY
) -> UUID:
    event = filming_consent(case_code)
    await publish_event(settings, Tenant(institute_id=INSTITUTE, agency_id=agency), event)
    await _seen(engine, event.consent_id, "granted_at")
    return event.consent_id


async def withdraw(
    settings: IngestSettings, engine: AsyncEngine, consent_id: UUID, case_code: str = CASE
) -> None:
    event = ConsentWithdrawn(
        consent_id=consent_id,
        case_code=case_code,
        purpose=ConsentPurpose.FILMING,
        withdrawn_at=datetime.now(UTC),
    )
    await publish_event(settings, Tenant(institute_id=INSTITUTE, agency_id=AGENCY), event)
    await _seen(engine, consent_id, "withdrawn_at")


async def _seen(engine: AsyncEngine, consent_id: UUID, column: str) -> None:
    async def probe() -> Any:
        async with engine.connect() as conn:
            return await conn.scalar(
                select(CONSENTS.c[column]).where(CONSENTS.c.consent_id == consent_id)
            )

    await eventually(probe, f"consent {consent_id} {column} in ingest's view")


async def register_site(
    settings: IngestSettings, engine: AsyncEngine, site: str = SITE, agency: str = AGENCY
) -> None:
    """Announce the site as the planner's directory does, and wait until ingest knows it."""
    event = SiteRegistered(site_id=site, agency_id=agency, name="Office")
    tenant = Tenant(institute_id=INSTITUTE, agency_id=agency, site_id=site)
    await publish_event(settings, tenant, event)

    async def probe() -> Any:
        async with engine.connect() as conn:
            return await conn.scalar(
                select(SITES.c.site_id).where(SITES.c.site_id == site, SITES.c.agency_id == agency)
            )

    await eventually(probe, f"site {site} of {agency} in ingest's view")
