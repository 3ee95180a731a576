"""FastAPI dependencies that enforce tokens: 401 without a valid one, 403 for a wrong role.

The dependencies are coroutines: they do no blocking I/O, and a plain function would cost a
thread-pool hop per request. Verified tokens are remembered until they expire, so a client
sending the same token again is not verified again (an Ed25519 check per request shows under load).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Annotated
from weakref import WeakKeyDictionary

import jwt
from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from spincore.auth.tokens import Principal, Role, TokenError, TokenVerifier

_bearer = HTTPBearer(
    auto_error=False, description="a token minted by `spin-auth mint` or the portal"
)


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED, detail=detail, headers={"WWW-Authenticate": "Bearer"}
    )


class VerifiedTokens:
    """The principals of tokens one verifier accepted, each until its token expires.

    Bounded: the least recently used token is forgotten first.
    """

    def __init__(self, verifier: TokenVerifier, capacity: int = 4096) -> None:
        self.verifier = verifier
        self.capacity = capacity
        self._known: OrderedDict[str, tuple[Principal, float]] = OrderedDict()

    def principal(self, token: str) -> Principal:
        """The token's principal; raises TokenError as `TokenVerifier.verify` does."""
        known = self._known.get(token)
        if known is not None and known[1] > time.time():
            self._known.move_to_end(token)
            return known[0]
        principal = self.verifier.verify(token)
        # The signature was just checked; this only reads the expiry the verifier accepted.
        expires_at = float(jwt.decode(token, options={"verify_signature": False})["exp"])
        self._known[token] = (principal, expires_at)
        self._known.move_to_end(token)
        if len(self._known) > self.capacity:
            self._known.popitem(last=False)
        return principal


_verified: WeakKeyDictionary[TokenVerifier, VerifiedTokens] = WeakKeyDictionary()


def _verified_tokens(verifier: TokenVerifier) -> VerifiedTokens:
    known = _verified.get(verifier)
    if known is None:
        known = _verified[verifier] = VerifiedTokens(verifier)
    return known


async def authenticate(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The verified caller. The app puts its TokenVerifier on `app.state.token_verifier`."""
    if credentials is None:
        raise _unauthorized("an access token is required (Authorization: Bearer <token>)")
    verifier: TokenVerifier = request.app.state.token_verifier
    try:
        return _verified_tokens(verifier).principal(credentials.credentials)
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
