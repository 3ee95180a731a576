"""Importing work recorded earlier, on in-memory stores: a case and its parts once, with
their events; tenancy checked against the directory."""

from __future__ import annotations

import pytest
from spin_planner.domain.errors import InvalidInput, NotFound
from spin_planner.domain.records import Practitioner
from spin_planner.service.history import HistoryImport

from tests.support.history import a_case, a_supervision
from tests.unit.planner.fake_history import FakeHistory
from tests.unit.planner.fakes import FakeDirectory

AGENCY = "harbor-family"


def registered(*, supervisor: str | None = "lee-okafor") -> FakeDirectory:
    directory = FakeDirectory()
    directory.institutes[AGENCY] = "spin-usa"
    directory.practitioners["dana-reyes"] = Practitioner(
        "dana-reyes", AGENCY, "boston-north", "Dana", None, supervisor
    )
    directory.practitioners["lee-okafor"] = Practitioner(
        "lee-okafor", AGENCY, "boston-north", "Lee", None, None
    )
    return directory


async def test_a_case_and_a_supervision_import_once_with_their_events() -> None:
    store = FakeHistory(registered())
    run = HistoryImport(store, "history-import-1")
    case, supervision = a_case().past(), a_supervision().past()
    imported = await run.batch([case, supervision])
    assert (imported.cases, imported.supervisions) == (1, 1)
    assert imported.events == len(store.staged) > 2
    assert {c for _, c in store.staged} == {"history-import-1"}
    [row] = store.rows["cases"]
    assert (row["institute_id"], row["agency_id"], row["practitioner_id"]) == (
        "spin-usa",
        AGENCY,
        "dana-reyes",
    )
    assert len(store.rows["moments"]) == len(case.moments)
    again = await run.batch([case, supervision])
    assert (again.cases_present, again.supervisions_present, again.events) == (1, 1, 0)


async def test_an_unregistered_practitioner_or_another_supervisor_is_refused() -> None:
    with pytest.raises(NotFound, match="not registered"):
        await HistoryImport(FakeHistory(FakeDirectory()), "h").batch([a_case().past()])
    store = FakeHistory(registered(supervisor=None))
    with pytest.raises(InvalidInput, match="is not the supervisor"):
        await HistoryImport(store, "h").batch([a_supervision().past()])
