"""The case timeline (filming, review, homework; each indicator with its reason) and footage."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, HTTPException, Query, Request, Response, status
from fastapi.responses import RedirectResponse
from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from spin_portal.domain.accounts import PortalRole, Viewer
from spin_portal.domain.indicators import INDICATOR_NAMES
from spin_portal.queries import cases, erasure, pages
from spin_portal.service.audit_log import Viewing, record_view
from spin_portal.web.case_timeline import case_entries, erasure_entries, happened_entries
from spin_portal.web.deps import Portal, PortalDep, ViewerDep, csv_response, not_found, pick_table
from spin_portal.web.erasure_words import erased_words
from spin_portal.web.i18n import _
from spin_portal.web.indicator_reasons import row_reason
from spin_portal.web.routes_workspace_footage import sign
from spin_portal.web.tables_view import Cell, DataTable
from spin_portal.web.words import word

router = APIRouter()
Export = Annotated[str | None, Query(description="a table name: answer with that table as CSV")]


async def visible_case(conn: AsyncConnection, viewer: Viewer, case_code: str) -> Row[Any]:
    case = await cases.case(conn, case_code)
    if (
        case is None
        or case.agency_id is None
        or not viewer.sees_agency(case.institute_id, case.agency_id)
    ):
        raise not_found(f"case {case_code!r}")
    return case


async def may_view_footage(conn: AsyncConnection, viewer: Viewer, case_code: str) -> bool:
    """Agency admins may; institute staff only under a supervision-viewing consent now."""
    if viewer.role is PortalRole.AGENCY_ADMIN:
        return True
    return await cases.supervision_viewing_consented(conn, case_code, datetime.now(UTC))


@router.get("/cases/{case_code}", summary="Case timeline and indicators")
async def case_page(
    request: Request, case_code: str, portal: PortalDep, viewer: ViewerDep, export: Export = None
) -> Response:
    async with portal.engine.begin() as conn:
        case = await visible_case(conn, viewer, case_code)
        footage_allowed = await may_view_footage(conn, viewer, case_code)
        tables = [
            await indicator_table(conn, case_code),
            await timeline_table(conn, case, footage_allowed),
        ]
        agency = None if export else await pages.agency(conn, case.agency_id)
    if export:
        table = pick_table(tables, export)
        subject = f"case {case_code} table {table.name}"
        await _viewed(portal, viewer, Viewing.EXPORT, subject, case)
        return csv_response(table, f"case-{case_code}")
    await _viewed(portal, viewer, Viewing.CASE, f"case {case_code}", case)
    return portal.render(
        request,
        "case.html",
        title=_("Case %(code)s", code=case_code),
        case=case,
        agency=agency,
        tables=tables,
        footage_allowed=footage_allowed,
    )


async def _viewed(
    portal: Portal, viewer: Viewer, viewing: Viewing, subject: str, case: Row[Any]
) -> None:
    """Keep the view of a read-model case's page or footage in its agency's audit log."""
    await record_view(
        viewer,
        viewing,
        subject,
        agency_id=case.agency_id,
        case_code=case.case_code,
        units=portal.units,
    )


async def indicator_table(conn: AsyncConnection, case_code: str) -> DataTable:
    rows = await cases.indicators(conn, case_code)
    table = DataTable(
        "indicators",
        _("Fidelity indicators"),
        [_("Indicator"), _("Name"), _("Outcome"), _("Reason")],
    )
    for indicator, name in INDICATOR_NAMES.items():
        row = rows.get(indicator)
        table.add(
            [
                indicator,
                _(name),
                word(row.outcome if row else "pending"),
                row_reason(row) if row else _("not computed yet"),
            ]
        )
    return table


async def timeline_table(conn: AsyncConnection, case: Row[Any], footage_allowed: bool) -> DataTable:
    code = case.case_code
    happened = await cases.timeline(conn, code)
    erasures = happened.erasures
    gone = {e.footage_id for e in erasures if e.scope == "all"}
    links = {
        f.footage_id: f"/cases/{code}/footage/{f.footage_id}"
        for f in happened.footage
        if footage_allowed and f.rendition_key and f.footage_id not in gone
    }
    entries = [*case_entries(case), *happened_entries(happened, links)]
    entries.extend(erasure_entries(erasures, f"/cases/{code}/erasure-record"))
    table = DataTable("timeline", _("Timeline"), [_("When"), _("What"), _("Detail")])
    for when, what, detail, link in sorted(entries, key=lambda e: _sortable(e[0])):
        cells: list[Cell] = [when, what, detail]
        table.add(cells, link)
    return table


def _sortable(moment: datetime | date) -> datetime:
    if isinstance(moment, datetime):
        return moment
    return datetime(moment.year, moment.month, moment.day, tzinfo=UTC)


def _uuid(value: str) -> UUID:
    try:
        return UUID(value)
    except ValueError as error:
        raise not_found(f"footage {value[:40]!r}") from error


@router.get("/cases/{case_code}/footage/{footage_id}", summary="Watch footage (logged)")
async def view_footage(
    case_code: str, footage_id: str, portal: PortalDep, viewer: ViewerDep
) -> Response:
    async with portal.engine.begin() as conn:
        case = await visible_case(conn, viewer, case_code)
        footage = await cases.footage_in_case(conn, case_code, _uuid(footage_id))
        if footage is None:
            raise not_found(f"footage {footage_id!r} in this case")
        if not await may_view_footage(conn, viewer, case_code):
            raise HTTPException(
                status.HTTP_403_FORBIDDEN,
                detail=_(
                    "Institute staff may view footage only where the family consented "
                    "to supervision viewing."
                ),
            )
        if gone := await erasure.erased(conn, footage.footage_id):
            raise HTTPException(
                status.HTTP_410_GONE, detail=erased_words(gone.erased_at, gone.reason)
            )
        if not footage.rendition_key:
            raise HTTPException(
                status.HTTP_409_CONFLICT, detail=_("This footage is not playable yet.")
            )
    await _viewed(portal, viewer, Viewing.FOOTAGE, f"footage {footage_id}", case)
    url = await asyncio.to_thread(sign, portal, footage.bucket, footage.rendition_key)
    return RedirectResponse(url, status.HTTP_303_SEE_OTHER)
