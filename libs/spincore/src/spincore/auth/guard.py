"""FastAPI dependencies that enforce tokens: 401 without a valid one, 403 for a wrong role.

The dependencies are coroutines: they do no blocking I/O, and a plain function would cost a
thread-pool hop per request.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from spin_contracts.claims import Principal, Role

from spincore.auth.tokens import TokenError, TokenVerifier

_bearer = HTTPBearer(
    auto_error=False, description="a token minted by `spin-auth mint` or the portal"
)


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED, detail=detail, headers={"WWW-Authenticate": "Bearer"}
    )


async def authenticate(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The verified caller. The app puts its TokenVerifier on `app.state.token_verifier`."""
    if credentials is None:
        raise _unauthorized("an access token is required (Authorization: Bearer <token>)")
    verifier: TokenVerifier = request.app.state.token_verifier
    try:
        return verifier.verify(credentials.credentials)
    except TokenError as error:
        raise _unauthorized("the access token is invalid or has expired") from error


CurrentPrincipal = Annotated[Principal, Depends(authenticate)]


def require_roles(*roles: Role) -> Callable[[Principal], Awaitable[Principal]]:
    """A dependency that lets only `roles` through (403 for a valid token of another role)."""
    allowed = frozenset(roles)

    async def check(principal: CurrentPrincipal) -> Principal:
        if principal.role not in allowed:
            raise HTTPException(
                status.HTTP_403_FORBIDDEN,
                detail=f"this action is not open to the role {principal.role}",
            )
        return principal

    return check
