"""The pipeline page's lifecycle tables: erasures to come (overdue ones first, held ones
marked) and active legal holds, per agency in scope (rows from `queries.erasure`)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncConnection

from spin_portal.queries import erasure
from spin_portal.web.erasure_words import reason_words
from spin_portal.web.i18n import N_, _
from spin_portal.web.tables_view import DataTable

WHAT = {
    "raw": N_("camera file"),
    "all": N_("all footage and clips"),
    "training": N_("clips marked for training"),
}
STATES = {"held": N_("held"), "overdue": N_("overdue"), "scheduled": N_("scheduled")}


async def upcoming_erasures(conn: AsyncConnection, agencies: list[str]) -> DataTable:
    rows = await erasure.upcoming(conn, agencies)
    now = datetime.now(UTC)
    table = DataTable(
        "erasures",
        _("Upcoming erasures (what, when, why)"),
        [_("Due at"), _("Case"), _("Footage"), _("What"), _("Why"), _("State")],
    )
    for r in rows:
        state = "held" if r.held else ("overdue" if r.due_at and r.due_at < now else "scheduled")
        what = _(WHAT[r.scope]) if r.scope in WHAT else r.scope
        why = reason_words(r.reason)
        cells = [r.due_at, r.case_code, str(r.footage_id), what, why, _(STATES[state])]
        table.add(cells, f"/cases/{r.case_code}", r.agency_id)
    return table


async def active_holds(conn: AsyncConnection, agencies: list[str]) -> DataTable:
    table = DataTable(
        "holds", _("Legal holds: erasure suspended"), [_("Placed at"), _("Case"), _("Hold")]
    )
    for h in await erasure.holds_in_force(conn, agencies):
        table.add([h.placed_at, h.case_code, str(h.hold_id)], f"/cases/{h.case_code}", h.agency_id)
    return table
