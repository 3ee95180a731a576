"""An agency's erasure record per case, for its data-protection officer: every object removed
with its key, size, time and rule, as a printable page and as CSV. Viewing it is audited."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request, Response, status
from sqlalchemy import Row

from spin_portal.domain.accounts import PortalRole, Viewer
from spin_portal.queries import erasure
from spin_portal.service.audit_log import Viewing, record_view
from spin_portal.web.deps import PortalDep, ViewerDep, csv_response
from spin_portal.web.erasure_words import object_words, reason_words, scope_words
from spin_portal.web.i18n import _
from spin_portal.web.routes_cases import visible_case
from spin_portal.web.tables_view import DataTable

router = APIRouter(tags=["erasure"])


def _only_agency_admins(viewer: Viewer) -> None:
    if viewer.role is not PortalRole.AGENCY_ADMIN:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            detail=_("Only the agency's admins may read its erasure records."),
        )


def record_table(erasures: list[Row[Any]]) -> DataTable:
    table = DataTable(
        "objects",
        _("Objects removed"),
        [
            _("Erased at"),
            _("Footage"),
            _("Object"),
            _("Kind"),
            _("Size (bytes)"),
            _("Rule"),
            _("Due at"),
        ],
    )
    for e in erasures:
        for item in e.objects or []:
            kind = object_words(item.get("kind"))
            rule = _(
                "%(reason)s (%(scope)s)", reason=reason_words(e.reason), scope=scope_words(e.scope)
            )
            size = int(item.get("size_bytes") or 0)
            table.add([e.erased_at, str(e.footage_id), item["key"], kind, size, rule, e.due_at])
    return table


@router.get(
    "/cases/{case_code}/erasure-record",
    summary="Erasure record of a case: every object removed (printable; CSV with export=objects)",
    responses={403: {"description": "not an agency admin"}, 404: {"description": "no such case"}},
)
async def erasure_record(
    request: Request,
    case_code: str,
    portal: PortalDep,
    viewer: ViewerDep,
    export: Annotated[str | None, Query(max_length=32)] = None,
) -> Response:
    async with portal.engine.begin() as conn:
        case = await visible_case(conn, viewer, case_code)
        _only_agency_admins(viewer)
        erasures = list(await erasure.of_case(conn, case_code))
        table = record_table(erasures)
    viewing = Viewing.EXPORT if export else Viewing.ERASURE_RECORD
    subject = f"erasure record of case {case_code}"
    await record_view(
        viewer, viewing, subject, agency_id=case.agency_id, case_code=case_code, units=portal.units
    )
    if export:
        return csv_response(table, f"erasure-record-{case_code}")
    return portal.render(
        request,
        "erasure_record.html",
        title=_("Erasure record of case %(code)s", code=case_code),
        case=case,
        table=table,
        footage_count=len({e.footage_id for e in erasures}),
        printed=datetime.now(UTC),
    )
