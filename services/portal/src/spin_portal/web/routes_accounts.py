"""Accounts of an agency's people, managed by its admins, and the set-password links."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request, Response, status
from fastapi.responses import RedirectResponse

from spin_portal.adapters import password_links
from spin_portal.adapters.accounts import agency_accounts
from spin_portal.domain.accounts import MIN_PASSWORD, PERSON_ROLES, PortalRole, Viewer
from spin_portal.queries import pages
from spin_portal.service import accounts
from spin_portal.service.ports import MadeLink, NewAccount
from spin_portal.web.account_form import (
    CREATABLE,
    AccountForm,
    ShownLink,
    agency_people,
    form_problems,
)
from spin_portal.web.deps import (
    LOGIN_CSRF_COOKIE,
    FormViewerDep,
    Portal,
    PortalDep,
    ViewerDep,
    not_found,
)
from spin_portal.web.i18n import N_, _, ngettext

router = APIRouter()
NO_STORE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


def require_accounts_admin(viewer: Viewer) -> str:
    """The admin's agency; everyone else may not manage accounts (403)."""
    if viewer.role is not PortalRole.AGENCY_ADMIN or not viewer.agency_id:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            detail=_("Only an agency's admins may manage its accounts."),
        )
    return viewer.agency_id


@router.get("/accounts", summary="The agency's accounts")
async def accounts_page(request: Request, portal: PortalDep, viewer: ViewerDep) -> Response:
    require_accounts_admin(viewer)
    return await _page(request, portal, viewer, AccountForm())


async def _page(
    request: Request,
    portal: Portal,
    viewer: Viewer,
    form: AccountForm,
    problems: dict[str, str] | None = None,
    link: ShownLink | None = None,
) -> Response:
    agency_id = require_accounts_admin(viewer)
    async with portal.engine.connect() as conn:
        people = await agency_people(conn, agency_id)
        accounts = await agency_accounts(conn, agency_id)
        open_links = await password_links.open_links_of(conn, [a.username for a in accounts])
        agency = await pages.agency(conn, agency_id)
    response = portal.render(
        request,
        "accounts.html",
        status.HTTP_400_BAD_REQUEST if problems else status.HTTP_200_OK,
        title=_("Accounts"),
        agency_name=agency.name if agency else agency_id,
        roles=CREATABLE,
        people=people,
        accounts=accounts,
        open_links=open_links,
        form=form,
        problems=problems or {},
        link=link,
        link_hours=portal.settings.password_link_hours,
    )
    response.headers.update(NO_STORE)
    return response


@router.post("/accounts", summary="Create an account and its set-password link")
async def create_account(
    request: Request,
    portal: PortalDep,
    viewer: FormViewerDep,
    username: Annotated[str, Form(max_length=200)] = "",
    role: Annotated[str, Form(max_length=40)] = "",
    practitioner_id: Annotated[str, Form(max_length=200)] = "",
    site_id: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    agency_id = require_accounts_admin(viewer)
    form = AccountForm(username.strip(), role, practitioner_id.strip(), site_id.strip())
    async with portal.engine.connect() as conn:
        people = await agency_people(conn, agency_id)
        problems = await form_problems(conn, people, form)
    if problems:
        return await _page(request, portal, viewer, form, problems)
    account_role = PortalRole(form.role)
    person = account_role in PERSON_ROLES
    account = NewAccount(
        username=form.username,
        role=account_role,
        institute_id=viewer.institute_id,
        agency_id=agency_id,
        site_id=people.site_for(form) if person else None,
        practitioner_id=form.practitioner_id if person else None,
    )
    command = accounts.CreateAccount(viewer, account, _link_hours(portal))
    made = await accounts.create_account(command, units=portal.units)
    link = _shown(request, form.username, made)
    return await _page(request, portal, viewer, AccountForm(), link=link)


@router.post("/accounts/{username}/link", summary="A new set-password link for an account")
async def new_link(
    request: Request, username: str, portal: PortalDep, viewer: FormViewerDep
) -> Response:
    agency_id = require_accounts_admin(viewer)
    command = accounts.MakeLink(viewer, agency_id, username, _link_hours(portal))
    try:
        made = await accounts.make_link(command, units=portal.units)
    except accounts.AccountNotFound:
        raise not_found(f"account {username!r}") from None
    except accounts.AccountDeactivated:
        raise HTTPException(
            status.HTTP_409_CONFLICT,
            detail=_("The account %(name)r is deactivated; reactivate it first.", name=username),
        ) from None
    return await _page(request, portal, viewer, AccountForm(), link=_shown(request, username, made))


def _link_hours(portal: Portal) -> timedelta:
    return timedelta(hours=portal.settings.password_link_hours)


def _shown(request: Request, username: str, made: MadeLink) -> ShownLink:
    url = str(request.url_for("set_password_page", token=made.token))
    return ShownLink(username, url, made.expires_at)


@router.post("/accounts/{username}/deactivate", summary="Deactivate an account")
async def deactivate(username: str, portal: PortalDep, viewer: FormViewerDep) -> Response:
    if username == viewer.username:
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST,
            detail=_("You cannot deactivate your own account; another admin of your agency can."),
        )
    return await _set_active(portal, viewer, username, active=False)


@router.post("/accounts/{username}/reactivate", summary="Reactivate an account")
async def reactivate(username: str, portal: PortalDep, viewer: FormViewerDep) -> Response:
    return await _set_active(portal, viewer, username, active=True)


async def _set_active(portal: Portal, viewer: Viewer, username: str, *, active: bool) -> Response:
    agency_id = require_accounts_admin(viewer)
    command = accounts.ChangeActive(viewer, agency_id, username, active)
    try:
        await accounts.change_active(command, units=portal.units)
    except accounts.AccountNotFound:
        raise not_found(f"account {username!r}") from None
    return RedirectResponse("/accounts", status.HTTP_303_SEE_OTHER)


def _set_password_form(
    portal: Portal,
    request: Request,
    token: str,
    username: str,
    problem: str | None = None,
    status_code: int = status.HTTP_200_OK,
) -> Response:
    """The form, with a fresh double-submit CSRF cookie as on the login form."""
    csrf_token = secrets.token_urlsafe(32)
    response = portal.render(
        request,
        "set_password.html",
        status_code,
        title=_("Choose your password"),
        token=token,
        username=username,
        csrf_token=csrf_token,
        problem=problem,
        min_length=MIN_PASSWORD,
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        csrf_token,
        httponly=True,
        samesite="strict",
        secure=portal.settings.secure_cookies,
    )
    response.headers.update(NO_STORE)
    return response


GONE = {
    password_links.LinkState.USED: N_("This link has been used already."),
    password_links.LinkState.EXPIRED: N_("This link has expired, or a newer link was made."),
    password_links.LinkState.UNKNOWN: N_(
        "This link is not known; please check it was copied whole."
    ),
}


def _link_gone(portal: Portal, request: Request, state: password_links.LinkState) -> Response:
    known = state is not password_links.LinkState.UNKNOWN
    response = portal.render(
        request,
        "set_password.html",
        status.HTTP_410_GONE if known else status.HTTP_404_NOT_FOUND,
        title=_("This set-password link does not work"),
        gone=_(GONE[state]),
    )
    response.headers.update(NO_STORE)
    return response


@router.get("/set-password/{token}", summary="Set-password form of a link")
async def set_password_page(request: Request, token: str, portal: PortalDep) -> Response:
    async with portal.engine.connect() as conn:
        link = await password_links.link_of(conn, token)
    if link.state is not password_links.LinkState.OPEN or link.username is None:
        return _link_gone(portal, request, link.state)
    return _set_password_form(portal, request, token, link.username)


@router.post("/set-password/{token}", summary="Set the password and log in")
async def set_password(
    request: Request,
    token: str,
    portal: PortalDep,
    password: Annotated[str, Form(max_length=256)] = "",
    password_again: Annotated[str, Form(max_length=256)] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    async with portal.engine.connect() as conn:
        link = await password_links.link_of(conn, token)
    if link.state is not password_links.LinkState.OPEN or link.username is None:
        return _link_gone(portal, request, link.state)
    problem, code = _password_problem(request, password, password_again, csrf_token)
    if problem:
        return _set_password_form(portal, request, token, link.username, problem, code)
    lifetime = timedelta(seconds=portal.settings.session_max_age_s)
    session_id = await accounts.set_password_by_link(token, password, lifetime, units=portal.units)
    if session_id is None:  # used a moment ago, by another request
        return _link_gone(portal, request, password_links.LinkState.USED)
    response = RedirectResponse("/", status.HTTP_303_SEE_OTHER)
    portal.set_session_cookie(response, session_id)
    response.delete_cookie(LOGIN_CSRF_COOKIE)
    return response


def _password_problem(
    request: Request, password: str, again: str, csrf_token: str
) -> tuple[str | None, int]:
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not expected or not secrets.compare_digest(expected, csrf_token):
        expired = _("This form has expired; please type your password again.")
        return expired, status.HTTP_403_FORBIDDEN
    if len(password) < MIN_PASSWORD:
        short = ngettext(
            "Please choose at least %(num)s character.",
            "Please choose at least %(num)s characters.",
            MIN_PASSWORD,
        )
        return short, status.HTTP_400_BAD_REQUEST
    if password != again:
        differ = _("The two passwords differ; please type the same one twice.")
        return differ, status.HTTP_400_BAD_REQUEST
    return None, status.HTTP_200_OK
