"""The demo's generated history is one the planner's import accepts, and the same per seed."""

from __future__ import annotations

from datetime import date

import pytest
from spin_demo.dataset import Generator
from spin_demo.directory import Sizes
from spin_demo.events import HISTORY_PRODUCER, footage_events, history_events
from spin_demo.live import filming_guides
from spin_demo.logins import wanted_logins
from spin_planner.domain.history import check_case
from spin_planner.models.history import HISTORY_LINE
from spin_portal.domain.accounts import PortalRole

SIZES = Sizes(institutes=1, agencies=4, sites=4, practitioners=8, cases=60, end=date(2026, 6, 30))


def test_every_generated_case_is_coherent_and_survives_its_file_line() -> None:
    generator = Generator(SIZES, seed=3)
    cases = list(generator.cases())
    assert len(cases) == 60
    for history in cases:
        check_case(history.case.past())
        assert HISTORY_LINE.validate_json(history.case.model_dump_json()) == history.case
    assert sum(len(h.case.moments) for h in cases) > 100
    assert any(h.case.closure for h in cases)
    assert any(s.clips_shown for h in cases for s in h.case.sessions)
    apprentices = {g.id for g in generator.directory.guides if g.supervisor_id}
    assert {s.practitioner_id for s in generator.supervisions()} <= apprentices


def test_a_seed_gives_the_same_history() -> None:
    first = [h.case for h in Generator(SIZES, seed=3).cases()]
    again = [h.case for h in Generator(SIZES, seed=3).cases()]
    other = [h.case for h in Generator(SIZES, seed=4).cases()]
    assert first == again
    assert first != other


def test_only_footage_is_published_by_the_demo_itself() -> None:
    history = next(Generator(SIZES, seed=3).cases())
    events = list(footage_events(history))
    assert len(events) == 2 * len(history.case.footage)
    assert {e.producer for e, _ in events} == {HISTORY_PRODUCER}
    everything = list(history_events(SIZES, seed=3))
    assert {e.producer for e, ev in everything if ev.topic != "spin.footage.v1"} == {"planner"}
    assert len({e.event_id for e, _ in everything}) == len(everything)


def test_a_practitioner_with_footage_and_their_supervisor_get_logins() -> None:
    generator = Generator(SIZES, seed=3)
    guides = filming_guides(generator.directory, 2)
    assert [g.place.agency_id for g in guides] == ["agency-1", "agency-2"]
    logins = {login.username: login for login in wanted_logins(generator.directory, guides)}
    guide = logins[guides[0].id]
    assert (guide.role, guide.practitioner_id) == (PortalRole.PRACTITIONER, guides[0].id)
    supervisor = logins[str(guides[0].supervisor_id)]
    assert supervisor.role is PortalRole.SUPERVISOR
    assert supervisor.agency_id == guide.agency_id == "agency-1"
    assert {"staff-inst-1", "admin-agency-1"} <= set(logins)


def test_sizes_that_cannot_make_a_directory_are_refused() -> None:
    with pytest.raises(ValueError, match="sizes must grow"):
        Sizes(agencies=8, sites=4)
