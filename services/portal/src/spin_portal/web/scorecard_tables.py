"""Scorecards as tables: a composite and every indicator beside it, rate columns coloured."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from spin_portal.domain.indicators import INDICATOR_NAMES
from spin_portal.domain.outcomes import Outcome
from spin_portal.queries.pages import Scorecard
from spin_portal.web.i18n import _
from spin_portal.web.tables_view import Cell, DataTable

INDICATORS = list(INDICATOR_NAMES)
RATE_COLUMNS = frozenset(range(2, 3 + len(INDICATORS)))


def scorecard_table(
    name: str, title: str, label: str, rows: Iterable[tuple[str, Scorecard, str | None]]
) -> DataTable:
    """Rows of (label, scorecard, link), ranked by composite index (best first)."""
    table = DataTable(
        name, title, [label, _("Cases"), _("Composite"), *INDICATORS], rate_columns=RATE_COLUMNS
    )
    ranked = sorted(rows, key=lambda r: (-(r[1].composite or -1), r[0]))
    for text, card, link in ranked:
        table.add(_cells(text, card), link)
    return table


def monthly_table(months: dict[date, Scorecard]) -> DataTable:
    table = DataTable(
        "months",
        _("By month of case opening"),
        [_("Month"), _("Cases"), _("Composite"), *INDICATORS],
        rate_columns=RATE_COLUMNS,
    )
    for month, card in months.items():
        table.add(_cells(f"{month:%Y-%m}", card))
    return table


def _cells(label: str, card: Scorecard) -> list[Cell]:
    return [label, card.cases, card.composite, *(card.rate(i) for i in INDICATORS)]


OUTCOME_MARK = {
    Outcome.PASS.value: "pass",
    Outcome.FAIL.value: "FAIL",
    Outcome.NOT_APPLICABLE.value: "n/a",
}
