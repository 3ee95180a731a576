"""Login (argon2, rate limited, CSRF double-submit) and logout."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, Response, status
from fastapi.responses import RedirectResponse

from spin_portal.adapters.accounts import password_matches
from spin_portal.domain.login_throttle import LoginThrottle, Refusal
from spin_portal.service import logins
from spin_portal.settings import PortalSettings
from spin_portal.web.deps import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    Portal,
    PortalDep,
    csrf_checked,
)
from spin_portal.web.i18n import _, ngettext

router = APIRouter()
# One client (address) may fail this many times more than one account before it is stopped.
CLIENT_FACTOR = 4


def throttle(settings: PortalSettings) -> LoginThrottle:
    return LoginThrottle(
        free_failures=settings.login_max_failures,
        first_wait_s=settings.login_first_wait_s,
        window_s=settings.login_window_s,
        address_factor=CLIENT_FACTOR,
    )


def login_form(
    portal: Portal, request: Request, message: str | None = None, status_code: int = 200
) -> Response:
    token = secrets.token_urlsafe(32)
    response = portal.render(
        request, "login.html", status_code, title=_("Log in"), csrf_token=token, message=message
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=portal.settings.secure_cookies,
    )
    if status_code == status.HTTP_401_UNAUTHORIZED:
        response.delete_cookie(SESSION_COOKIE)
    return response


def wait_words(seconds: int) -> str:
    if seconds < 120:
        return ngettext("%(num)s second", "%(num)s seconds", seconds)
    return ngettext("%(num)s minute", "%(num)s minutes", -(-seconds // 60))


def _wait_form(portal: Portal, request: Request, refusal: Refusal) -> Response:
    duration = wait_words(refusal.wait_s)
    wait = (
        _(
            "Too many failed logins from your address. "
            "Please wait %(duration)s before trying again.",
            duration=duration,
        )
        if refusal.from_address
        else _(
            "Too many failed logins for this account from your address. "
            "Please wait %(duration)s before trying again.",
            duration=duration,
        )
    )
    limited = login_form(portal, request, wait, status.HTTP_429_TOO_MANY_REQUESTS)
    limited.headers["Retry-After"] = str(refusal.wait_s)
    return limited


@router.get("/login", summary="Login form")
async def login_page(request: Request, portal: PortalDep) -> Response:
    return login_form(portal, request)


@router.post("/login", summary="Log in")
async def login(
    request: Request,
    portal: PortalDep,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=256)],
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not expected or not secrets.compare_digest(expected, csrf_token):
        return login_form(
            portal,
            request,
            _("The login form has expired; please try again."),
            status.HTTP_403_FORBIDDEN,
        )
    settings = portal.settings
    # The socket's address, or the one a trusted proxy forwarded (SPIN_TRUSTED_PROXIES).
    client = request.client.host if request.client else "unknown"
    attempt = logins.LogIn(
        username, password, client, timedelta(seconds=settings.session_max_age_s)
    )
    outcome = await logins.log_in(
        attempt, units=portal.units, throttle=throttle(settings), password_matches=password_matches
    )
    if isinstance(outcome, Refusal):
        return _wait_form(portal, request, outcome)
    if isinstance(outcome, logins.WrongCredentials):
        return login_form(
            portal, request, _("Wrong username or password."), status.HTTP_401_UNAUTHORIZED
        )
    response = RedirectResponse("/", status.HTTP_303_SEE_OTHER)
    portal.set_session_cookie(response, outcome.session_id)
    response.delete_cookie(LOGIN_CSRF_COOKIE)
    return response


@router.post("/logout", summary="Log out", dependencies=[Depends(csrf_checked)])
async def logout(request: Request, portal: PortalDep) -> Response:
    session_id = portal.signer.loads(request.cookies.get(SESSION_COOKIE, ""))
    await logins.log_out(str(session_id), units=portal.units)
    response = RedirectResponse("/login", status.HTTP_303_SEE_OTHER)
    response.delete_cookie(SESSION_COOKIE)
    return response
