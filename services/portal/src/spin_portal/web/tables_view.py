"""Tables as pages show them and CSV exports write them: one definition for both."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

from spin_portal.web import i18n

Cell = str | int | float | date | datetime | None
# A spreadsheet reads a cell starting with one of these as a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class DataTable:
    name: str
    title: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    links: list[str | None] = field(default_factory=list)  # the link of each row's first cell
    rate_columns: frozenset[int] = frozenset()
    # The agencies whose data the rows hold: an export is in each one's audit log.
    agencies: set[str] = field(default_factory=set)

    def add(self, row: list[Cell], link: str | None = None, agency: str | None = None) -> None:
        self.rows.append(row)
        self.links.append(link)
        if agency is not None:
            self.agencies.add(agency)

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([csv_cell(column) for column in self.columns])
        for row in self.rows:
            writer.writerow([csv_cell(cell) for cell in row])
        return out.getvalue()


def csv_cell(cell: Cell) -> str | int | date | datetime:
    """A cell as written to CSV: floats at full precision, text that a spreadsheet would run
    as a formula (a practitioner named `=HYPERLINK(...)`) behind a quote, so it shows as text."""
    if isinstance(cell, float):
        return f"{cell:.3f}"
    if cell is None:
        return ""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return f"'{cell}"
    return cell


def cell_text(cell: Cell) -> str:
    """How a cell reads on a page (CSV keeps full precision)."""
    if cell is None:
        return ""
    if isinstance(cell, datetime):
        return i18n.when(cell)
    if isinstance(cell, date):
        return i18n.when_date(cell)
    if isinstance(cell, float):
        return i18n.number(cell)
    return str(cell)


def rate_text(rate: float | None) -> str:
    return i18n._("n/a") if rate is None else i18n.percent(rate)


def rate_colour(rate: float | None) -> str:
    """Heatmap colour: red (0%) through amber to green (100%); grey when not applicable."""
    if rate is None:
        return "#eeeeee"
    hue = round(120 * rate)
    return f"hsl({hue}, 70%, 78%)"
