"""The read model against real Kafka and PostgreSQL: incremental == expected == rebuild."""

from __future__ import annotations

import random
from typing import Any
from uuid import uuid4

from spin_contracts.events.envelope import Envelope, Tenant
from spin_contracts.topics import Topic, topic_name
from spin_portal.adapters.rebuild import rebuild
from spin_portal.adapters.tables import CASE_INDICATORS, DEAD_LETTERS
from spin_portal.api.app import create_app
from spin_portal.domain.reasons import Reason
from spincore.kafka import make_producer
from sqlalchemy import select

from tests.integration.portal.expected import expected_from
from tests.integration.portal.support import (
    portal_settings,
    publish,
    settled,
    small_dataset,
    snapshot,
)
from tests.support.http import serving
from tests.support.isolation import Isolation


def unknown_version() -> Envelope:
    return Envelope(
        event_type="session.recorded",
        schema_version=99,
        producer="planner-of-the-future",
        correlation_id=str(uuid4()),
        tenant=Tenant(institute_id="inst-1", agency_id="agency-1"),
        payload={"case_code": "C000001", "novel": True},
    )


def stored_reason(row: Any) -> Reason:
    """A `case_indicators` row's template, parameters and plural, as the domain computed them."""
    return Reason(
        row.reason_template,
        row.reason_params,
        plural=row.reason_plural,
        count_key=row.reason_count_key,
    )


async def test_shuffled_duplicated_events_give_the_expected_figures_and_rebuild_agrees(
    isolated: Isolation,
) -> None:
    settings = portal_settings(isolated)
    events = small_dataset()
    # Re-ordered across every entity and topic, with a tenth of the events delivered twice.
    shuffled = events + random.Random(3).sample(events, len(events) // 10)
    random.Random(5).shuffle(shuffled)
    app = create_app(settings)
    async with serving(app):
        await publish(settings, shuffled)
        producer = make_producer(settings.kafka, "portal-tests")
        await producer.start()
        await producer.send_and_wait(
            topic_name(Topic.PLANNER, settings.topic_prefix), unknown_version().to_bytes(), key=b"x"
        )
        await producer.stop()
        engine = app.state.runtime.engine
        await settled(engine, len(events), dead_letters=1)
        incremental = await snapshot(engine)
        async with engine.connect() as conn:
            rows = (await conn.execute(select(CASE_INDICATORS))).all()
            stored = {(r.case_code, r.indicator): (r.outcome, r.reason) for r in rows}
            templates = {(r.case_code, r.indicator): stored_reason(r) for r in rows}
            letters = (await conn.execute(select(DEAD_LETTERS))).all()
        report = await rebuild(settings, engine)
        rebuilt = await snapshot(engine)

    expected = expected_from(events)
    assert stored == {
        (code, indicator): result
        for code, outcomes in expected.outcomes.items()
        for indicator, result in outcomes.items()
    }
    assert templates == {
        (code, indicator): reason
        for code, reasons in expected.reasons.items()
        for indicator, reason in reasons.items()
    }
    assert [(d.event_type, d.agency_id) for d in letters] == [("session.recorded", "agency-1")]
    assert "unknown event session.recorded v99" in letters[0].reason
    assert report.events == len(shuffled)  # duplicates are read, then dropped by event id
    assert report.skipped == 1
    assert rebuilt == incremental
    assert len(incremental["rollups"]) > 0
