"""A page's table as CSV, once the export is in the audit log of each agency it holds."""

from __future__ import annotations

from fastapi import Response

from spin_portal.domain.accounts import Viewer
from spin_portal.service.audit_log import record_export
from spin_portal.web.deps import Portal, csv_response, pick_table
from spin_portal.web.tables_view import DataTable


async def exported(
    portal: Portal,
    viewer: Viewer,
    tables: list[DataTable],
    name: str,
    page: str,
    agency_id: str | None,
) -> Response:
    """The table `name` of a page's `tables`; a table without agencies is `agency_id`'s."""
    table = pick_table(tables, name)
    subject = f"{page} table {table.name}"
    await record_export(
        viewer, subject, agencies=table.agencies, otherwise=agency_id, units=portal.units
    )
    return csv_response(table, page.replace("/", "-").strip("-"))
