"""The checks and events of a history import (pure)."""

from __future__ import annotations

from pathlib import Path

import pytest
from spin_contracts.events import Envelope, Tenant
from spin_planner.domain.errors import ImpossibleTimeline, InvalidInput
from spin_planner.domain.history import check_case
from spin_planner.domain.history_events import case_events
from spin_planner.history_file import HistoryFileError, read_history

from tests.support.history import a_case, at

TENANT = Tenant(institute_id="spin-usa", agency_id="harbor-family", site_id="boston-north")


def test_a_coherent_case_passes_and_its_events_follow_its_timeline() -> None:
    case = a_case().past()
    check_case(case)
    staged = case_events(case, TENANT)
    assert staged[0].event.event_type == "case.opened"
    assert [s.at for s in staged[1:-1]] == sorted(s.at for s in staged[1:-1])
    assert staged[-1].event.event_type == "case.closed"
    again = case_events(case, TENANT)
    assert [s.envelope("a").event_id for s in staged] == [s.envelope("b").event_id for s in again]
    assert len({s.envelope("a").event_id for s in staged}) == len(staged)
    for each in staged:
        assert Envelope.model_validate_json(each.to_bytes("c")) == each.envelope("c")
        wrapped = Envelope.wrap(each.event, producer="planner", tenant=TENANT, occurred_at=each.at)
        assert each.envelope("c").payload == wrapped.payload


def test_a_moment_past_the_end_of_its_footage_is_refused() -> None:
    case = a_case()
    case.moments[0].end_s = 601
    with pytest.raises(ImpossibleTimeline, match="past the end of the footage"):
        check_case(case.past())


def test_a_review_showing_a_moment_of_another_case_is_refused() -> None:
    case = a_case()
    case.sessions[1].clips_shown = [a_case().moments[0].id]
    with pytest.raises(InvalidInput, match="not marked in this case"):
        check_case(case.past())


def test_a_session_after_the_closing_is_refused() -> None:
    case = a_case()
    case.sessions[1].held_at = at(30)
    with pytest.raises(ImpossibleTimeline, match="after the case was closed"):
        check_case(case.past())


def test_footage_of_no_filming_session_is_refused() -> None:
    case = a_case()
    case.footage[0].filming_session_ref = "film-9"
    with pytest.raises(InvalidInput, match="names no filming session"):
        check_case(case.past())


def test_bad_lines_are_named_by_their_number(tmp_path: Path) -> None:
    late = a_case("HIST-0003")
    late.moments[0].marked_at = at(7)  # after the review that showed it
    path = tmp_path / "history.jsonl"
    path.write_text(
        f'{a_case().model_dump_json()}\n\n{{"record": "case"}}\n{late.model_dump_json()}\n'
    )
    with pytest.raises(HistoryFileError) as refused:
        read_history(path)
    assert refused.value.problems[0] == "line 3: case.id: Field required"
    assert "line 4: sessions[1]: a moment shown was marked after the session" in (
        refused.value.problems
    )
    path.write_text(a_case().model_dump_json())
    assert len(read_history(path)) == 1
