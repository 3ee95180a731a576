"""The tables of an agency's page (agency, one of its sites, one of its practitioners) and of
its printable report: the scorecards of its sites and practitioners, by month, and its cases."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncConnection

from spin_portal.adapters.tables import ROLLUPS
from spin_portal.domain.filters import Filters
from spin_portal.queries import pages, scopes
from spin_portal.web.agreement_view import agreement_table
from spin_portal.web.filters import bad_filter
from spin_portal.web.i18n import _
from spin_portal.web.scorecard_tables import (
    INDICATORS,
    OUTCOME_MARK,
    monthly_table,
    scorecard_table,
)
from spin_portal.web.tables_view import DataTable

Names = dict[str, str]


async def scope_tables(
    conn: AsyncConnection, agency_id: str, filters: Filters
) -> tuple[list[DataTable], pages.Scorecard, dict[date, pages.Scorecard], str]:
    """The page's tables, its scope's scorecard and months, and its heading."""
    sites = await pages.sites_of(conn, agency_id)
    practitioners = await pages.practitioners_of(conn, agency_id)
    _check_filters(filters, sites, practitioners)
    agency = await pages.agency(conn, agency_id)
    kind, scope_id, heading = _scope(
        agency_id, agency.name if agency else agency_id, filters, sites, practitioners
    )
    total = (await pages.scorecards(conn, kind, ROLLUPS.c.scope_id == scope_id, filters)).get(
        scope_id, pages.Scorecard(scope_id)
    )
    months = await pages.monthly(conn, kind, scope_id, filters)
    tables = [
        *await _people_tables(conn, agency_id, filters, sites, practitioners),
        monthly_table(months),
        await cases_table(conn, agency_id, filters, sites, practitioners),
    ]
    if filters.practitioner_id:
        tables.append(await agreement_table(conn, filters.practitioner_id))
    return tables, total, months, heading


def _check_filters(filters: Filters, sites: Names, practitioners: Names) -> None:
    if filters.site_id and filters.site_id not in sites:
        raise bad_filter(f"the site {filters.site_id!r} is not a site of this agency")
    if filters.practitioner_id and filters.practitioner_id not in practitioners:
        raise bad_filter(
            f"the practitioner {filters.practitioner_id!r} does not work for this agency"
        )


def _scope(
    agency_id: str, agency_name: str, filters: Filters, sites: Names, practitioners: Names
) -> tuple[str, str, str]:
    """The rollup scope the filters pick (kind and id), and the page's heading."""
    if filters.practitioner_id:
        chosen = filters.practitioner_id
        return "practitioner", chosen, f"{practitioners[chosen]} ({agency_name})"
    if filters.site_id:
        return "site", filters.site_id, f"{sites[filters.site_id]} ({agency_name})"
    return "agency", agency_id, agency_name


async def _people_tables(
    conn: AsyncConnection, agency_id: str, filters: Filters, sites: Names, practitioners: Names
) -> list[DataTable]:
    """The agency's sites and practitioners ranked, those the filters keep."""
    in_agency = ROLLUPS.c.agency_id == agency_id
    site_cards = await pages.scorecards(conn, "site", in_agency, filters)
    site_of = await scopes.site_of_practitioners(conn, agency_id)
    practitioner_cards = await pages.scorecards(conn, "practitioner", in_agency, filters)
    return [
        scorecard_table(
            "sites",
            _("Sites"),
            _("Site"),
            [
                (sites.get(s, s), c, f"/sites/{s}")
                for s, c in site_cards.items()
                if not filters.site_id or s == filters.site_id
            ],
        ),
        scorecard_table(
            "practitioners",
            _("Practitioners"),
            _("Practitioner"),
            [
                (practitioners.get(p, p), c, f"/practitioners/{p}")
                for p, c in practitioner_cards.items()
                if (not filters.site_id or site_of.get(p) == filters.site_id)
                and (not filters.practitioner_id or p == filters.practitioner_id)
            ],
        ),
    ]


async def cases_table(
    conn: AsyncConnection,
    agency_id: str,
    filters: Filters,
    sites: Names,
    practitioners: Names,
) -> DataTable:
    table = DataTable(
        "cases",
        _("Cases (newest first; open a case for the reasons)"),
        [_("Case"), _("Opened"), _("Closed"), _("Site"), _("Practitioner"), *INDICATORS],
    )
    for case, outcomes in await pages.case_list(conn, agency_id, filters):
        table.add(
            [
                case.case_code,
                case.opened_on,
                case.closed_on,
                sites.get(case.site_id, case.site_id),
                practitioners.get(case.practitioner_id, case.practitioner_id),
                *(OUTCOME_MARK.get(outcomes.get(i, ""), "") for i in INDICATORS),
            ],
            f"/cases/{case.case_code}",
        )
    return table
