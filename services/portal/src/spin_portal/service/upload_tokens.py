"""Site upload tokens: issued here, verified offline by ingest, revoked through an event.

Each use case owns its transaction. A revocation and its `upload_token.revoked` event commit
in one transaction (the outbox), so ingest learns of every revocation the portal records, and
of none it does not.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import uuid4

from spin_contracts.claims import Role
from spin_contracts.events.directory import UploadTokenRevoked
from spin_contracts.events.envelope import Envelope, Tenant
from spincore.auth.tokens import TokenIssuer

from spin_portal.service.ports import IssuedToken
from spin_portal.service.ports import UnitOfWorkFactory as Units


def account_ref(secret: str, username: str) -> str:
    """An opaque, stable id of a portal account for events: no name or e-mail leaves."""
    digest = hmac.new(secret.encode(), f"account:{username}".encode(), hashlib.sha256)
    return f"acct-{digest.hexdigest()[:16]}"


@dataclass(frozen=True)
class SiteScope:
    institute_id: str
    agency_id: str
    site_id: str


@dataclass(frozen=True)
class IssueToken:
    scope: SiteScope
    valid_for: timedelta
    issued_by: str


async def issue(command: IssueToken, *, units: Units, issuer: TokenIssuer) -> str:
    """Mint a site upload token and record it."""
    scope = command.scope
    token_id = str(uuid4())
    now = datetime.now(UTC)
    token = issuer.mint(
        subject=f"site:{scope.site_id}",
        role=Role.SITE_UPLOADER,
        institute_id=scope.institute_id,
        agency_id=scope.agency_id,
        site_id=scope.site_id,
        valid_for=command.valid_for,
        token_id=token_id,
    )
    issued = IssuedToken(
        token_id, scope.agency_id, scope.site_id, command.issued_by, now + command.valid_for
    )
    async with units() as work:
        await work.upload_tokens.record(issued)
    return token


@dataclass(frozen=True)
class Revoker:
    username: str
    account_id: str


@dataclass(frozen=True)
class RevokeToken:
    institute_id: str
    agency_id: str
    token_id: str
    by: Revoker


async def revoke(command: RevokeToken, *, units: Units, producer: str) -> bool:
    """Revoke an active token of the agency with its event; False if there is none."""
    now = datetime.now(UTC)
    async with units() as work:
        site_id = await work.upload_tokens.revoke(
            command.agency_id, command.token_id, command.by.username, now
        )
        if site_id is None:
            return False
        event = UploadTokenRevoked(
            token_id=command.token_id,
            agency_id=command.agency_id,
            site_id=site_id,
            revoked_at=now,
            revoked_by=command.by.account_id,
        )
        tenant = Tenant(
            institute_id=command.institute_id, agency_id=command.agency_id, site_id=site_id
        )
        await work.outbox.add(Envelope.wrap(event, producer=producer, tenant=tenant), event)
    return True
