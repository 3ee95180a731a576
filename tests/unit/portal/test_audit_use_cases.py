"""Page views and exports kept in the agencies' audit logs, on in-memory fakes: one committed
line per view, an export in every agency whose rows it holds (or the page's own)."""

from __future__ import annotations

from spin_portal.domain.accounts import PortalRole, Viewer
from spin_portal.service.audit_log import Viewing, record_export, record_view
from spin_portal.service.ports import AuditEntry

from tests.unit.portal.fakes import Store

STAFF = Viewer("sam", PortalRole.INSTITUTE_STAFF, "inst-1", None, "csrf")


async def test_a_page_view_is_one_committed_line_of_its_agencys_log() -> None:
    store = Store()
    await record_view(
        STAFF, Viewing.FOOTAGE, "footage f-1", agency_id="agency-1", case_code="C-1", units=store
    )
    assert store.state.audit == [
        AuditEntry(STAFF, "footage_viewed", "footage f-1", agency_id="agency-1", case_code="C-1")
    ]
    assert store.state.commits == 1


async def test_an_export_is_kept_by_each_agency_whose_rows_it_holds_once() -> None:
    store = Store()
    agencies = ["agency-2", "agency-1", "agency-2"]
    await record_export(
        STAFF, "pipeline table failures", agencies=agencies, otherwise=None, units=store
    )
    assert [(e.action, e.agency_id) for e in store.state.audit] == [
        ("export", "agency-1"),
        ("export", "agency-2"),
    ]
    assert store.state.commits == 1


async def test_an_export_of_no_agencys_rows_is_kept_by_the_pages_agency() -> None:
    store = Store()
    await record_export(STAFF, "agency table sites", agencies=[], otherwise="agency-3", units=store)
    assert [(e.subject, e.agency_id) for e in store.state.audit] == [
        ("agency table sites", "agency-3")
    ]
