"""The latest inter-rater agreement figures of a practitioner with their supervisor, for the
practitioner page: figures and dates only, no footage and no link to it."""

from __future__ import annotations

from spin_contracts.events.coaching import not_comparable_words
from sqlalchemy.ext.asyncio import AsyncConnection

from spin_portal.queries import coaching
from spin_portal.web.i18n import _
from spin_portal.web.tables_view import DataTable

LATEST = 5


def _figure(value: object) -> str:
    return "" if value is None else f"{float(str(value)):.2f}"


def kappa_words(figure: dict[str, object]) -> str:
    """Kappa to two places, or "not comparable" and why when it is undefined."""
    kappa = figure.get("kappa")
    if kappa is not None:
        return _figure(kappa)
    code = figure.get("not_comparable")
    return f"not comparable: {not_comparable_words(None if code is None else str(code))}"


async def agreement_table(conn: AsyncConnection, practitioner_id: str) -> DataTable:
    table = DataTable(
        "agreement",
        _(
            "Inter-rater agreement with the supervisor (latest codings; Cohen's kappa over "
            "time slices, overlap of moment ranges)"
        ),
        [
            _("Coded"),
            _("Case"),
            _("Supervisor"),
            _("Slice (s)"),
            _("Principle"),
            _("Kappa"),
            _("Overlap"),
        ],
    )
    for row in await coaching.latest_agreements(conn, practitioner_id, LATEST):
        for figure in row.figures or []:
            principle = str(figure["principle"])
            table.add(
                [
                    row.computed_at.date() if row.computed_at else None,
                    row.case_code,
                    row.supervisor_id,
                    row.slice_s,
                    "any principle" if principle == "any" else principle.replace("_", " "),
                    kappa_words(figure),
                    _figure(figure.get("overlap")),
                ]
            )
    return table
