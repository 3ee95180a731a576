"""Agency administration: site upload tokens, the audit log, the printable report."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request, Response, status
from fastapi.responses import RedirectResponse

from spin_portal.domain.filters import Filters
from spin_portal.queries import admin, pages
from spin_portal.service import upload_tokens
from spin_portal.service.audit_log import Viewing, record_view
from spin_portal.web.deps import (
    FormViewerDep,
    PortalDep,
    ViewerDep,
    csv_response,
    not_found,
    pick_table,
    require_agency_admin,
    visible_agency,
    wake_outbox_relay,
)
from spin_portal.web.i18n import _, ngettext
from spin_portal.web.scope_tables import scope_tables
from spin_portal.web.tables_view import DataTable

router = APIRouter()


@router.get("/agencies/{agency_id}/tokens", summary="Site upload tokens")
async def tokens_page(
    request: Request, agency_id: str, portal: PortalDep, viewer: ViewerDep
) -> Response:
    return await _tokens_page(request, portal, viewer, agency_id, issued=None)


async def _tokens_page(
    request: Request, portal: PortalDep, viewer: ViewerDep, agency_id: str, issued: str | None
) -> Response:
    async with portal.engine.connect() as conn:
        agency = await visible_agency(conn, viewer, agency_id)
        require_agency_admin(viewer)
        sites = await pages.sites_of(conn, agency_id)
        tokens = await admin.upload_tokens_of(conn, agency_id)
    return portal.render(
        request,
        "tokens.html",
        title=_("Site upload tokens"),
        agency=agency,
        sites=sites,
        tokens=tokens,
        issued=issued,
        max_days=portal.settings.upload_token_max_days,
        now=datetime.now(UTC),
    )


@router.post("/agencies/{agency_id}/tokens", summary="Issue a site upload token")
async def issue_token(
    request: Request,
    agency_id: str,
    portal: PortalDep,
    viewer: FormViewerDep,
    site_id: Annotated[str, Form()],
    valid_days: Annotated[int, Form()],
) -> Response:
    async with portal.engine.connect() as conn:
        agency = await visible_agency(conn, viewer, agency_id)
        require_agency_admin(viewer)
        if site_id not in await pages.sites_of(conn, agency_id):
            raise HTTPException(
                status.HTTP_400_BAD_REQUEST,
                detail=_("%(site)r is not a site of this agency.", site=site_id),
            )
        if not 1 <= valid_days <= portal.settings.upload_token_max_days:
            raise HTTPException(
                status.HTTP_400_BAD_REQUEST,
                detail=ngettext(
                    "A token may be valid for 1 to %(num)s day.",
                    "A token may be valid for 1 to %(num)s days.",
                    portal.settings.upload_token_max_days,
                ),
            )
        if portal.issuer is None:
            raise HTTPException(
                status.HTTP_503_SERVICE_UNAVAILABLE,
                detail=_("Token signing is not configured (SPIN_AUTH_PRIVATE_KEY_FILE)."),
            )
    command = upload_tokens.IssueToken(
        upload_tokens.SiteScope(agency.institute_id, agency_id, site_id),
        valid_for=timedelta(days=valid_days),
        issued_by=viewer.username,
    )
    token = await upload_tokens.issue(command, units=portal.units, issuer=portal.issuer)
    return await _tokens_page(request, portal, viewer, agency_id, issued=token)


@router.post("/agencies/{agency_id}/tokens/{token_id}/revoke", summary="Revoke a site upload token")
async def revoke_token(
    request: Request, agency_id: str, token_id: str, portal: PortalDep, viewer: FormViewerDep
) -> Response:
    """Ingest refuses the token once it has consumed the `upload_token.revoked` event."""
    secret = portal.settings.session_secret.get_secret_value()
    revoker = upload_tokens.Revoker(
        viewer.username, upload_tokens.account_ref(secret, viewer.username)
    )
    async with portal.engine.connect() as conn:
        agency = await visible_agency(conn, viewer, agency_id)
        require_agency_admin(viewer)
    command = upload_tokens.RevokeToken(agency.institute_id, agency_id, token_id, revoker)
    if not await upload_tokens.revoke(
        command, units=portal.units, producer=portal.settings.service_name
    ):
        raise not_found(f"active token {token_id!r}")
    wake_outbox_relay(request)
    return RedirectResponse(f"/agencies/{agency_id}/tokens", status.HTTP_303_SEE_OTHER)


@router.get("/agencies/{agency_id}/audit", summary="Audit log of the agency")
async def audit_page(
    request: Request,
    agency_id: str,
    portal: PortalDep,
    viewer: ViewerDep,
    export: str | None = None,
) -> Response:
    async with portal.engine.begin() as conn:
        agency = await visible_agency(conn, viewer, agency_id)
        rows = await admin.audit_log(conn, agency_id)
        table = DataTable(
            "audit",
            _("Who saw or exported what"),
            [_("When"), _("Who"), _("Role"), _("Action"), _("Case"), _("What")],
        )
        for r in rows:
            table.add([r.at, r.username, r.role, r.action, r.case_code, r.subject])
    if export:
        pick_table([table], export)
        await record_view(
            viewer, Viewing.EXPORT, "audit log", agency_id=agency_id, units=portal.units
        )
        return csv_response(table, f"agency-{agency_id}")
    return portal.render(request, "audit.html", title=_("Audit log"), agency=agency, tables=[table])


@router.get("/agencies/{agency_id}/report", summary="Printable fidelity report")
async def report(
    request: Request, agency_id: str, portal: PortalDep, viewer: ViewerDep
) -> Response:
    async with portal.engine.begin() as conn:
        agency = await visible_agency(conn, viewer, agency_id)
        tables, total, _months, _heading = await scope_tables(conn, agency_id, Filters())
    subject = "printable report"
    await record_view(viewer, Viewing.EXPORT, subject, agency_id=agency_id, units=portal.units)
    return portal.render(
        request,
        "report.html",
        title=_("Fidelity report: %(agency)s", agency=agency.name),
        agency=agency,
        total=total,
        tables=[t for t in tables if t.name != "cases"],
        printed=datetime.now(UTC),
    )
