"""Institute overview, and agency, site and practitioner pages: figures from the rollups."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response, status
from fastapi.responses import RedirectResponse
from sqlalchemy.ext.asyncio import AsyncConnection

from spin_portal.adapters.tables import ROLLUPS
from spin_portal.domain.accounts import PortalRole, Viewer
from spin_portal.domain.filters import Filters
from spin_portal.queries import pages, scopes
from spin_portal.web.charts import indicator_chart, trend_chart
from spin_portal.web.deps import (
    Portal,
    PortalDep,
    ViewerDep,
    not_found,
    visible_agency,
)
from spin_portal.web.filters import parse_filters
from spin_portal.web.i18n import _
from spin_portal.web.scope_tables import scope_tables
from spin_portal.web.scorecard_tables import (
    INDICATORS,
    monthly_table,
    scorecard_table,
)
from spin_portal.web.table_exports import exported

router = APIRouter()
From = Annotated[str | None, Query(alias="from", description="first month, like 2026-01")]
To = Annotated[str | None, Query(alias="to", description="last month, like 2026-06")]
Site = Annotated[str | None, Query(alias="site")]
PractitionerQ = Annotated[str | None, Query(alias="practitioner")]
Export = Annotated[str | None, Query(description="a table name: answer with that table as CSV")]
AgencyOf = Callable[[AsyncConnection, str], Awaitable[str | None]]


@dataclass(frozen=True)
class Period:
    """The months a page covers, and the table to export instead of the page."""

    start: str | None
    end: str | None
    export: str | None


def period(start: From = None, end: To = None, export: Export = None) -> Period:
    return Period(start, end, export)


PeriodDep = Annotated[Period, Depends(period)]


@router.get("/", include_in_schema=False)
async def home(viewer: ViewerDep) -> RedirectResponse:
    if viewer.works_cases:
        return RedirectResponse("/workspace", status.HTTP_303_SEE_OTHER)
    if viewer.role is PortalRole.AGENCY_ADMIN:
        return RedirectResponse(f"/agencies/{viewer.agency_id}", status.HTTP_303_SEE_OTHER)
    return RedirectResponse(f"/institutes/{viewer.institute_id}", status.HTTP_303_SEE_OTHER)


@router.get("/institutes/{institute_id}", summary="Institute overview")
async def institute_overview(
    request: Request,
    institute_id: str,
    portal: PortalDep,
    viewer: ViewerDep,
    chosen: PeriodDep,
) -> Response:
    if viewer.role is not PortalRole.INSTITUTE_STAFF or viewer.institute_id != institute_id:
        raise not_found(f"institute {institute_id!r}")
    filters = parse_filters(chosen.start, chosen.end, None, None)
    async with portal.engine.begin() as conn:
        institute = await pages.institute(conn, institute_id)
        agency_names = await pages.agencies_of(conn, institute_id)
        cards = await pages.scorecards(
            conn, "agency", ROLLUPS.c.institute_id == institute_id, filters
        )
        total = (
            await pages.scorecards(conn, "institute", ROLLUPS.c.scope_id == institute_id, filters)
        ).get(institute_id, pages.Scorecard(institute_id))
        months = await pages.monthly(conn, "institute", institute_id, filters)
        tables = [
            scorecard_table(
                "agencies",
                _("Agencies ranked by composite index (heatmap: agency by indicator)"),
                _("Agency"),
                [
                    (agency_names.get(a, a), card, f"/agencies/{a}?{_qs(filters)}")
                    for a, card in cards.items()
                ],
            ),
            monthly_table(months),
        ]
        for table in tables:  # each holds figures of every agency ranked
            table.agencies = set(cards)
    if chosen.export:
        name = f"institute-{institute_id}"
        return await exported(portal, viewer, tables, chosen.export, name, None)
    return portal.render(
        request,
        "overview.html",
        title=institute.name if institute else institute_id,
        total=total,
        tables=tables,
        filters=filters,
        **_charts(total, months),
    )


def _charts(total: pages.Scorecard, months: dict[date, pages.Scorecard]) -> dict[str, Any]:
    """What the overview and the scope pages draw: the trend, the bars, the indicators' names."""
    return {
        "trend": trend_chart(months),
        "bars": indicator_chart(total),
        "indicators": INDICATORS,
    }


def _qs(filters: Filters) -> str:
    return "&".join(f"{k}={v}" for k, v in filters.query().items())


@router.get("/agencies/{agency_id}", summary="Agency page")
async def agency_page(
    request: Request,
    agency_id: str,
    portal: PortalDep,
    viewer: ViewerDep,
    chosen: PeriodDep,
    site: Site = None,
    practitioner: PractitionerQ = None,
) -> Response:
    filters = parse_filters(chosen.start, chosen.end, site, practitioner)
    return await scope_page(request, portal, viewer, agency_id, filters, chosen.export)


@router.get("/sites/{site_id}", summary="Site page")
async def site_page(
    request: Request, site_id: str, portal: PortalDep, viewer: ViewerDep, chosen: PeriodDep
) -> Response:
    agency_id = await _agency_of(portal, scopes.agency_of_site, f"site {site_id!r}", site_id)
    return await _member_page(request, portal, viewer, chosen, agency_id, site=site_id)


@router.get("/practitioners/{practitioner_id}", summary="Practitioner page")
async def practitioner_page(
    request: Request, practitioner_id: str, portal: PortalDep, viewer: ViewerDep, chosen: PeriodDep
) -> Response:
    owner, what = scopes.agency_of_practitioner, f"practitioner {practitioner_id!r}"
    agency_id = await _agency_of(portal, owner, what, practitioner_id)
    return await _member_page(
        request, portal, viewer, chosen, agency_id, practitioner=practitioner_id
    )


async def _agency_of(portal: Portal, agency_of: AgencyOf, what: str, member_id: str) -> str:
    """The agency a site or practitioner belongs to; one the portal does not know is 404."""
    async with portal.engine.connect() as conn:
        agency_id = await agency_of(conn, member_id)
    if agency_id is None:
        raise not_found(what)
    return agency_id


async def _member_page(
    request: Request,
    portal: Portal,
    viewer: Viewer,
    chosen: Period,
    agency_id: str,
    *,
    site: str | None = None,
    practitioner: str | None = None,
) -> Response:
    """A site's or practitioner's page: their agency's page narrowed to them."""
    filters = parse_filters(chosen.start, chosen.end, site, practitioner)
    return await scope_page(request, portal, viewer, agency_id, filters, chosen.export)


async def scope_page(
    request: Request,
    portal: PortalDep,
    viewer: Viewer,
    agency_id: str,
    filters: Filters,
    export: str | None,
) -> Response:
    async with portal.engine.begin() as conn:
        agency = await visible_agency(conn, viewer, agency_id)
        tables, total, months, heading = await scope_tables(conn, agency_id, filters)
    if export:
        return await exported(portal, viewer, tables, export, f"agency-{agency_id}", agency_id)
    return portal.render(
        request,
        "scope.html",
        title=heading,
        agency=agency,
        total=total,
        tables=tables,
        filters=filters,
        **_charts(total, months),
    )
