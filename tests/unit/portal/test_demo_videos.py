"""The demo films open cases whose families consented to filming and supervision viewing."""

from datetime import UTC, date, datetime

from spin_portal.demo.dataset import Sizes, generate
from spin_portal.demo.videos import filmed_cases, filming_session
from spincore.events import consent, planner

SIZES = Sizes(institutes=1, agencies=4, sites=4, practitioners=8, cases=60, end=date(2026, 6, 30))


def test_one_open_consented_case_per_agency() -> None:
    events = generate(SIZES, seed=3)
    chosen = filmed_cases(events, 3)
    assert len(chosen) == 3
    assert len({c.tenant.agency_id for c in chosen}) == 3
    codes = {c.case_code for c in chosen}
    closed = {e.case_code for _, e in events if isinstance(e, planner.CaseClosed)}
    assert not codes & closed
    for code in codes:
        purposes = {
            e.purpose
            for _, e in events
            if isinstance(e, consent.ConsentGranted) and e.case_code == code
        }
        assert purposes >= {
            consent.ConsentPurpose.FILMING,
            consent.ConsentPurpose.SUPERVISION_VIEWING,
        }


def test_a_second_run_records_the_same_filming_session() -> None:
    case = filmed_cases(generate(SIZES, seed=3), 1)[0]
    first = filming_session(case, 0, datetime(2026, 11, 1, tzinfo=UTC))
    again = filming_session(case, 0, datetime(2026, 11, 2, tzinfo=UTC))
    assert first[0].event_id == again[0].event_id
    assert first[1].filming_session_ref == again[1].filming_session_ref
