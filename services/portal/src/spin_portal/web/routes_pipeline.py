"""Pipeline health: uploads per site, failures with reasons, backlog, dead letters, upcoming
erasures and legal holds."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncConnection

from spin_portal.domain.accounts import PortalRole, Viewer
from spin_portal.queries import pages
from spin_portal.queries import pipeline as pipeline_queries
from spin_portal.web.deps import (
    PortalDep,
    ViewerDep,
    not_found,
    visible_agency,
)
from spin_portal.web.erasure_tables_view import active_holds, upcoming_erasures
from spin_portal.web.failure_words import failure_words
from spin_portal.web.i18n import _, ngettext
from spin_portal.web.table_exports import exported
from spin_portal.web.tables_view import DataTable

router = APIRouter()
LATE_HOURS = pipeline_queries.LATE_HOURS


async def agencies_in_scope(conn: AsyncConnection, viewer: Viewer, agency: str | None) -> list[str]:
    if viewer.works_cases:  # the pipeline of the agency's footage is not a practitioner's page
        raise not_found("pipeline page")
    if agency:
        return [(await visible_agency(conn, viewer, agency)).agency_id]
    if viewer.role is PortalRole.AGENCY_ADMIN:
        return [viewer.agency_id or ""]
    return list(await pages.agencies_of(conn, viewer.institute_id))


def dead_letter_scope(viewer: Viewer, agencies: list[str]) -> ColumnElement[bool]:
    """Agency admins see their agency's; institute staff also those no tenant could be read of."""
    return pipeline_queries.dead_letter_scope(
        agencies,
        institute_id=viewer.institute_id,
        with_unattributed=viewer.role is not PortalRole.AGENCY_ADMIN,
    )


@router.get("/pipeline", summary="Pipeline health")
async def pipeline(
    request: Request,
    portal: PortalDep,
    viewer: ViewerDep,
    agency: Annotated[str | None, Query(description="limit to one agency")] = None,
    export: Annotated[str | None, Query()] = None,
) -> Response:
    async with portal.engine.begin() as conn:
        agencies = await agencies_in_scope(conn, viewer, agency)
        tables = [
            await uploads_per_site(conn, agencies),
            await failures(conn, agencies),
            await backlog(conn, agencies),
            await dead_letters(conn, dead_letter_scope(viewer, agencies)),
            await upcoming_erasures(conn, agencies),
            await active_holds(conn, agencies),
        ]
    if export:
        return await exported(portal, viewer, tables, export, "pipeline", agency)
    return portal.render(
        request, "pipeline.html", title=_("Pipeline health"), tables=tables, agency=agency
    )


async def uploads_per_site(conn: AsyncConnection, agencies: list[str]) -> DataTable:
    rows = await pipeline_queries.uploads_per_site(conn, agencies)
    table = DataTable(
        "uploads",
        _("Uploads per site"),
        [
            _("Site"),
            _("Uploads"),
            _("Playable"),
            _("Failed"),
            _("Processing"),
            ngettext(
                "Uploaded > %(num)s hour after filming",
                "Uploaded > %(num)s hours after filming",
                LATE_HOURS,
            ),
        ],
    )
    for agency_id, site_id, name, *counts in rows:
        table.add([name, *counts], f"/sites/{site_id}" if site_id else None, agency_id)
    return table


async def failures(conn: AsyncConnection, agencies: list[str]) -> DataTable:
    rows = await pipeline_queries.failures(conn, agencies)
    table = DataTable(
        "failures",
        _("Failures with reasons"),
        [_("Failed at"), _("Case"), _("Site"), _("Stage"), _("Reason")],
    )
    for f in rows:
        table.add(
            [
                f.failed_at,
                f.case_code,
                f.site_id,
                f.failed_stage,
                failure_words(f.failed, f.failed_reason),
            ],
            f"/cases/{f.case_code}",
            f.agency_id,
        )
    return table


async def backlog(conn: AsyncConnection, agencies: list[str]) -> DataTable:
    rows = await pipeline_queries.backlog(conn, agencies)
    table = DataTable(
        "backlog",
        _("Backlog: uploaded, not processed yet (oldest first)"),
        [_("Uploaded at"), _("Case"), _("Site")],
    )
    for f in rows:
        table.add([f.uploaded_at, f.case_code, f.site_id], f"/cases/{f.case_code}", f.agency_id)
    return table


async def dead_letters(conn: AsyncConnection, scope: ColumnElement[bool]) -> DataTable:
    rows = await pipeline_queries.dead_letters(conn, scope)
    table = DataTable(
        "dead_letters",
        _("Dead letters: events no consumer could read or handle"),
        [
            _("Received at"),
            _("Source topic"),
            _("Consumer"),
            _("Event type"),
            _("Agency"),
            _("Reason"),
        ],
    )
    for d in rows:
        table.add(
            [d.received_at, d.source_topic, d.consumer, d.event_type, d.agency_id, d.reason],
            agency=d.agency_id,
        )
    return table
