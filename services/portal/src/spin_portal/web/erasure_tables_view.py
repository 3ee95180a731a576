"""The pipeline page's lifecycle tables: erasures to come (overdue ones first, held ones
marked) and active legal holds, per agency in scope."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from spin_portal.adapters.erasure_tables import ERASURE_SCHEDULE, ERASURES, LEGAL_HOLDS
from spin_portal.web.erasure_words import reason_words
from spin_portal.web.i18n import N_, _
from spin_portal.web.tables_view import DataTable

S, E, H = ERASURE_SCHEDULE, ERASURES, LEGAL_HOLDS
WHAT = {
    "raw": N_("camera file"),
    "all": N_("all footage and clips"),
    "training": N_("clips marked for training"),
}
STATES = {"held": N_("held"), "overdue": N_("overdue"), "scheduled": N_("scheduled")}


async def upcoming_erasures(conn: AsyncConnection, agencies: list[str]) -> DataTable:
    done = exists().where(
        E.c.footage_id == S.c.footage_id, or_(E.c.scope == S.c.scope, E.c.scope == "all")
    )
    held = exists().where(H.c.case_code == S.c.case_code, H.c.lifted_at.is_(None))
    rows = await conn.execute(
        select(S, held.label("held"))
        .where(S.c.agency_id.in_(agencies), ~done)
        .order_by(S.c.due_at)
        .limit(200)
    )
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
    rows = await conn.execute(
        select(H)
        .where(and_(H.c.agency_id.in_(agencies), H.c.lifted_at.is_(None)))
        .order_by(H.c.placed_at)
        .limit(200)
    )
    table = DataTable(
        "holds", _("Legal holds: erasure suspended"), [_("Placed at"), _("Case"), _("Hold")]
    )
    for h in rows:
        table.add([h.placed_at, h.case_code, str(h.hold_id)], f"/cases/{h.case_code}", h.agency_id)
    return table
