"""Every event the planner publishes is documented with an example that validates."""

from __future__ import annotations

import pytest
from spin_contracts.events import Event, registered_events
from spin_contracts.topics import Topic

PUBLISHED = {Topic.PLANNER, Topic.CONSENT, Topic.DIRECTORY}
published = [e for e in registered_events() if e.topic in PUBLISHED]


def test_the_planner_publishes_the_facts_fidelity_needs() -> None:
    assert {e.event_type for e in published} >= {
        "institute.registered",
        "agency.registered",
        "site.registered",
        "practitioner.registered",
        "case.opened",
        "case.updated",
        "case.closed",
        "consent.granted",
        "consent.withdrawn",
        "helping_question.recorded",
        "helping_question.updated",
        "session.recorded",
        "supervision.recorded",
        "moment.marked",
        "moment.revised",
        "moment.removed",
        "feedback_plan.prepared",
        "feedback_plan.revised",
    }


@pytest.mark.parametrize("event_class", published, ids=lambda e: e.event_type)
def test_each_event_has_a_valid_example(event_class: type[Event]) -> None:
    examples = event_class.model_json_schema().get("examples")
    assert examples, f"{event_class.event_type} has no documented example"
    for example in examples:
        event = event_class.model_validate(example)
        assert event.partition_key()


def test_a_removal_carries_ids_only() -> None:
    removal = next(e for e in published if e.event_type == "moment.removed")
    assert set(removal.model_fields) == {"case_id", "case_code", "moment_id", "footage_id"}
