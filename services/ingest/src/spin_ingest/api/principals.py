"""Who may use the tus API: a valid token of an uploading role that was not revoked.

Practitioners upload from the portal in their browser, with a short-lived token the portal
mints for them. Such a token must name the practitioner's own site: a practitioner token
without one would otherwise pass `may_act_for` for every site of the agency.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from spin_contracts.claims import Principal, Role
from spincore.auth.guard import require_roles
from spincore.i18n import N_

from spin_ingest.api.refusals import sentence
from spin_ingest.domain import protocol
from spin_ingest.domain.revocation import REVOKED, revoked_values
from spin_ingest.service.revocations import RevokedTokens

UPLOADING_ROLES = (Role.SITE_UPLOADER, Role.PRACTITIONER, Role.AGENCY_ADMIN, Role.SERVICE)
UploadingRole = Annotated[Principal, Depends(require_roles(*UPLOADING_ROLES))]
NO_SITE = N_(
    "this practitioner token names no site; a practitioner may only upload footage for their "
    "own site, so the token must name it"
)


async def unrevoked(request: Request, principal: UploadingRole) -> Principal:
    wanted = request.headers.get("accept-language")
    if principal.role is Role.PRACTITIONER and not principal.site_id:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail=sentence(NO_SITE, {}, wanted))
    revoked: RevokedTokens = request.app.state.revoked_tokens
    revoked_at = await revoked.revoked_at(principal.token_id)
    if revoked_at is not None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail=sentence(REVOKED, revoked_values(revoked_at), wanted),
            headers={
                "WWW-Authenticate": 'Bearer error="invalid_token"',
                "Tus-Resumable": protocol.TUS_VERSION,
            },
        )
    return principal


Uploader = Annotated[Principal, Depends(unrevoked)]
