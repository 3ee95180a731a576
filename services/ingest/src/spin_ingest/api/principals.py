"""Who may use the tus API: a valid token of an uploading role that was not revoked."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from spincore.auth.guard import require_roles
from spincore.auth.tokens import Principal, Role

from spin_ingest.domain import protocol
from spin_ingest.domain.revocation import revoked_token_message
from spin_ingest.service.revocations import RevokedTokens

UploadingRole = Annotated[
    Principal, Depends(require_roles(Role.SITE_UPLOADER, Role.AGENCY_ADMIN, Role.SERVICE))
]


async def unrevoked(request: Request, principal: UploadingRole) -> Principal:
    revoked: RevokedTokens = request.app.state.revoked_tokens
    revoked_at = await revoked.revoked_at(principal.token_id)
    if revoked_at is not None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail=revoked_token_message(revoked_at),
            headers={
                "WWW-Authenticate": 'Bearer error="invalid_token"',
                "Tus-Resumable": protocol.TUS_VERSION,
            },
        )
    return principal


Uploader = Annotated[Principal, Depends(unrevoked)]
