"""Removals within one batch: a row put earlier is dropped, and the delete is kept."""

from __future__ import annotations

from uuid import uuid4

from spin_contracts.events import analysis
from spin_contracts.events.envelope import Envelope, Event, Tenant
from spin_portal.adapters.projection import ACCEPTED, Changes, project, projected
from spin_portal.adapters.tables import MOMENTS

TENANT = Tenant(institute_id="inst-1", agency_id="agency-1")
CASE_ID, FOOTAGE_ID = uuid4(), uuid4()


def _project(event: Event, changes: Changes) -> None:
    project(Envelope.wrap(event, producer="tests", tenant=TENANT), event, changes)


def _marked(moment_id: object) -> analysis.MomentMarked:
    return analysis.MomentMarked.model_validate(
        {
            "case_id": CASE_ID,
            "case_code": "US-BOS-0042",
            "moment_id": moment_id,
            "footage_id": FOOTAGE_ID,
            "start_s": 1,
            "end_s": 5,
            "kind": "strength",
        }
    )


def test_a_removal_cancels_what_the_batch_put_and_marks_the_case() -> None:
    gone, kept = uuid4(), uuid4()
    changes = Changes()
    for event in (
        _marked(gone),
        _marked(kept),
        analysis.MomentRemoved(
            case_id=CASE_ID, case_code="US-BOS-0042", moment_id=gone, footage_id=FOOTAGE_ID
        ),
    ):
        _project(event, changes)

    assert list(changes.rows[MOMENTS]) == [(kept,)]
    assert changes.removed == {MOMENTS: {gone}}
    assert changes.dirty_cases == {"US-BOS-0042"}


def test_every_moment_event_is_projected() -> None:
    moment_events = {e for e in ACCEPTED if e.startswith("moment.")}
    assert moment_events == {"moment.marked", "moment.revised", "moment.removed"}


def test_a_batch_is_projected_once_per_event_id_before_its_transaction() -> None:
    first, second = uuid4(), uuid4()
    events: list[tuple[Envelope, Event]] = [
        (Envelope.wrap(event, producer="tests", tenant=TENANT), event)
        for event in (_marked(first), _marked(second))
    ]

    batch = projected([*events, events[0]])  # the first event delivered twice

    assert batch.events == events
    one_by_one = Changes()
    for envelope, event in events:
        project(envelope, event, one_by_one)
    assert batch.changes == one_by_one
    assert list(batch.changes.rows[MOMENTS]) == [(first,), (second,)]
