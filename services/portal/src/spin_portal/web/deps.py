"""What routes depend on: the portal's pieces, the logged-in viewer, CSRF and tenant checks."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request, Response, status
from fastapi.templating import Jinja2Templates
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from minio import Minio
from spincore.auth.tokens import TokenIssuer
from spincore.runtime import Runtime
from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from spin_portal.adapters.accounts import viewer_of_session
from spin_portal.domain.accounts import PortalRole, Viewer
from spin_portal.domain.locale import resolve
from spin_portal.domain.time_zone import resolve_zone
from spin_portal.queries import pages
from spin_portal.service.ports import UnitOfWorkFactory
from spin_portal.settings import PortalSettings
from spin_portal.web import i18n
from spin_portal.web.i18n import _
from spin_portal.web.tables_view import DataTable, cell_text, rate_colour, rate_text
from spin_portal.web.words import progress_words, word

SESSION_COOKIE = "spin_portal_session"
LOGIN_CSRF_COOKIE = "spin_portal_login_csrf"
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@dataclass
class Portal:
    settings: PortalSettings
    engine: AsyncEngine
    s3: Minio
    issuer: TokenIssuer | None
    signer: URLSafeTimedSerializer
    templates: Jinja2Templates
    units: UnitOfWorkFactory  # the write use cases' transactions

    @classmethod
    def build(
        cls,
        settings: PortalSettings,
        engine: AsyncEngine,
        s3: Minio,
        issuer: TokenIssuer | None,
        units: UnitOfWorkFactory,
    ) -> Portal:
        signer = URLSafeTimedSerializer(settings.session_secret.get_secret_value(), salt="session")
        templates = Jinja2Templates(directory=TEMPLATES)
        templates.env.globals.update(
            rate_colour=rate_colour, rate_text=rate_text, cell_text=cell_text
        )
        i18n.install(templates.env)
        templates.env.globals.update(word=word, progress_words=progress_words)
        return cls(settings, engine, s3, issuer, signer, templates, units)

    def render(
        self, request: Request, template: str, status_code: int = 200, **context: Any
    ) -> Response:
        return self.templates.TemplateResponse(
            request,
            template,
            {
                "viewer": getattr(request.state, "viewer", None),
                "language": i18n.current_language(),
                "time_zone": i18n.current_time_zone().key,
                "languages": self.settings.languages,
                **context,
            },
            status_code=status_code,
        )

    def set_session_cookie(self, response: Response, session_id: str) -> None:
        response.set_cookie(
            SESSION_COOKIE,
            self.signer.dumps(session_id),
            max_age=self.settings.session_max_age_s,
            httponly=True,
            samesite="lax",
            secure=self.settings.secure_cookies,
        )


def _portal(request: Request) -> Portal:
    portal: Portal = request.app.state.portal
    return portal


PortalDep = Annotated[Portal, Depends(_portal)]


class LoginRequiredError(Exception):
    """No valid session: the login page is shown (401) with `message`."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


async def current_viewer(request: Request, portal: PortalDep) -> Viewer:
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        raise LoginRequiredError(_("Please log in to see the portal."))
    try:
        session_id = portal.signer.loads(cookie, max_age=portal.settings.session_max_age_s)
    except SignatureExpired as error:
        raise LoginRequiredError(_("Your session has expired; please log in again.")) from error
    except BadSignature as error:
        raise LoginRequiredError(
            _("Your session cookie is not valid; please log in again.")
        ) from error
    async with portal.engine.connect() as conn:
        viewer = await viewer_of_session(conn, str(session_id))
    if viewer is None:
        raise LoginRequiredError(_("Your session has expired; please log in again."))
    request.state.viewer = viewer
    i18n.use_language(language_of_viewer(portal.settings, viewer, request))
    i18n.use_time_zone(
        resolve_zone(institute=viewer.institute_time_zone, fallback=portal.settings.time_zone)
    )
    return viewer


def language_of_viewer(settings: PortalSettings, viewer: Viewer, request: Request) -> str:
    return resolve(
        settings.languages,
        own=viewer.own_language,
        institute=viewer.institute_language or settings.default_language,
        browser=i18n.browser_languages(request.scope),
    )


ViewerDep = Annotated[Viewer, Depends(current_viewer)]


async def csrf_checked(request: Request, viewer: ViewerDep) -> Viewer:
    form = await request.form()
    sent = str(form.get("csrf_token", ""))
    if not secrets.compare_digest(sent, viewer.csrf_token):
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            detail=_("This form was not sent from this portal page or has expired (CSRF check)."),
        )
    return viewer


FormViewerDep = Annotated[Viewer, Depends(csrf_checked)]


def not_found(what: str) -> HTTPException:
    return HTTPException(
        status.HTTP_404_NOT_FOUND,
        detail=_("There is no %(what)s here.", what=what),
    )


async def visible_agency(conn: AsyncConnection, viewer: Viewer, agency_id: str) -> Row[Any]:
    """The agency if the viewer may see it; other tenants' agencies do not exist (404)."""
    row = await pages.agency(conn, agency_id)
    if row is None or not viewer.sees_agency(row.institute_id, row.agency_id):
        raise not_found(f"agency {agency_id!r}")
    return row


def require_agency_admin(viewer: Viewer) -> None:
    if viewer.role is not PortalRole.AGENCY_ADMIN:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            detail=_("Only the agency's admins may manage upload tokens."),
        )


def csv_response(table: DataTable, filename: str) -> Response:
    return Response(
        table.to_csv(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}-{table.name}.csv"'},
    )


def pick_table(tables: list[DataTable], name: str) -> DataTable:
    for table in tables:
        if table.name == name:
            return table
    known = ", ".join(t.name for t in tables)
    raise HTTPException(
        status.HTTP_400_BAD_REQUEST,
        detail=_(
            "This page has no table %(name)r; it has: %(known)s.", name=name[:40], known=known
        ),
    )


def wake_outbox_relay(request: Request) -> None:
    """After a commit that staged events: publish them now, not at the relay's next poll."""
    runtime: Runtime = request.app.state.runtime
    runtime.relay.wake()
