"""FastAPI dependencies that enforce tokens: 401 without a valid one, 403 for a wrong role,
worded in the request's language (Accept-Language) from spincore's own catalog.

The dependencies are coroutines: they do no blocking I/O, and a plain function would cost a
thread-pool hop per request.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from spin_contracts.claims import Principal, Role

from spincore.auth.tokens import TokenError, TokenVerifier
from spincore.i18n import N_
from spincore.validation_words import CATALOGS

_bearer = HTTPBearer(
    auto_error=False, description="a token minted by `spin-auth mint` or the portal"
)


NO_TOKEN = N_("an access token is required (Authorization: Bearer <token>)")
BAD_TOKEN = N_("the access token is invalid or has expired")
WRONG_ROLE = N_("this action is not open to the role %(role)s")


def _refusal(
    request: Request, code: int, template: str, values: Mapping[str, object] | None = None
) -> HTTPException:
    """The refusal in the request's language; it says which language, and that it varies."""
    language = CATALOGS.language(request.headers.get("accept-language"))
    headers = {"Content-Language": language, "Vary": "Accept-Language"}
    if code == status.HTTP_401_UNAUTHORIZED:
        headers["WWW-Authenticate"] = "Bearer"
    detail = CATALOGS.sentence(template, language, values or {})
    return HTTPException(code, detail=detail, headers=headers)


async def authenticate(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The verified caller. The app puts its TokenVerifier on `app.state.token_verifier`."""
    if credentials is None:
        raise _refusal(request, status.HTTP_401_UNAUTHORIZED, NO_TOKEN)
    verifier: TokenVerifier = request.app.state.token_verifier
    try:
        return verifier.verify(credentials.credentials)
    except TokenError as error:
        raise _refusal(request, status.HTTP_401_UNAUTHORIZED, BAD_TOKEN) from error


CurrentPrincipal = Annotated[Principal, Depends(authenticate)]


def require_roles(*roles: Role) -> Callable[[Request, Principal], Awaitable[Principal]]:
    """A dependency that lets only `roles` through (403 for a valid token of another role)."""
    allowed = frozenset(roles)

    async def check(request: Request, principal: CurrentPrincipal) -> Principal:
        if principal.role not in allowed:
            role = {"role": principal.role.value}
            raise _refusal(request, status.HTTP_403_FORBIDDEN, WRONG_ROLE, role)
        return principal

    return check
