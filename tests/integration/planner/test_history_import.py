"""An imported history is the planner's own: its API reads it, and the outbox carries the
events the API would have staged, in the planner's name, at the times things happened."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta

import pytest
from spin_contracts.events import Envelope
from spin_planner.adapters.tables import OUTBOX
from spin_planner.domain.errors import InvalidInput, NotFound
from spin_planner.history_file import import_lines
from spin_planner.settings import PlannerSettings
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.integration.planner.conftest import INSTITUTE, People, Served
from tests.support.history import a_case, a_supervision, at
from tests.support.isolation import Isolation

pytestmark = pytest.mark.integration


async def staged(engine: AsyncEngine) -> list[Envelope]:
    async with engine.connect() as conn:
        rows = await conn.scalars(select(OUTBOX.c.payload).order_by(OUTBOX.c.id))
        return [Envelope.model_validate_json(row) for row in rows]


async def test_an_imported_case_reads_like_one_recorded_through_the_api(
    isolated: Isolation, served_planner: Served, people: People
) -> None:
    settings = isolated.settings(PlannerSettings)
    engine = served_planner.app.state.runtime.engine
    before = len(await staged(engine))
    case, supervision = a_case().past(), a_supervision().past()
    done = await import_lines(settings, [case, supervision], batch_size=10)
    assert (done.cases, done.supervisions, done.events) == (1, 1, 8)

    client = served_planner.client
    read = await client.get(f"/cases/{case.id}", headers=people.dana)
    assert read.status_code == 200, read.text
    assert read.json()["status"] == "closed"
    assert read.json()["agency_id"] == "harbor-family"
    assert read.json()["site_id"] == "boston-north"
    sessions = (await client.get(f"/cases/{case.id}/sessions", headers=people.dana)).json()
    assert [s["kind"] for s in sessions["items"]] == ["filming", "shared_review"]
    assert sessions["items"][0]["footage"][0]["status"] == "ready"
    assert sessions["items"][1]["clips_shown"][0]["moment_id"] == str(case.moments[0].id)
    moments = (await client.get(f"/cases/{case.id}/moments", headers=people.dana)).json()
    assert moments["total"] == 1
    assert moments["items"][0]["principles"] == ["receiving_initiatives"]
    consents = (await client.get(f"/cases/{case.id}/consents", headers=people.dana)).json()
    assert [c["purpose"] for c in consents] == ["filming"]
    other = await client.get(f"/cases/{case.id}", headers=people.pat)
    assert other.status_code == 404

    events = (await staged(engine))[before:]
    assert [e.event_type for e in events] == [
        "case.opened",
        "consent.granted",
        "helping_question.recorded",
        "session.recorded",
        "moment.marked",
        "session.recorded",
        "case.closed",
        "supervision.recorded",
    ]
    assert {e.producer for e in events} == {"planner"}
    assert all(e.tenant.institute_id == INSTITUTE for e in events)
    assert {e.tenant.site_id for e in events} == {"boston-north"}
    assert events[3].occurred_at == at(2)
    assert all(e.occurred_at < datetime.now(UTC) - timedelta(days=30) for e in events)
    await published(engine)

    again = await import_lines(settings, [case, supervision], batch_size=10)
    assert (again.cases_present, again.supervisions_present, again.events) == (1, 1, 0)


async def published(engine: AsyncEngine) -> None:
    """The running planner's relay publishes what the import staged."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        async with engine.connect() as conn:
            waiting = await conn.scalar(
                select(func.count()).select_from(OUTBOX).where(OUTBOX.c.published_at.is_(None))
            )
        if waiting == 0:
            return
        await asyncio.sleep(0.2)
    raise AssertionError("the relay left imported events unpublished")


async def test_a_history_naming_someone_elses_practitioner_is_refused(
    isolated: Isolation, served_planner: Served
) -> None:
    settings = isolated.settings(PlannerSettings)
    engine = served_planner.app.state.runtime.engine
    before = await staged(engine)
    stranger = a_case("HIST-0002").model_copy(update={"practitioner_id": "nobody"}).past()
    with pytest.raises(NotFound, match="not registered: nobody"):
        await import_lines(settings, [stranger], batch_size=10)
    wrong = a_supervision().model_copy(update={"supervisor_id": "sam-ito"}).past()
    with pytest.raises(InvalidInput, match="'sam-ito' is not the supervisor of 'dana-reyes'"):
        await import_lines(settings, [wrong], batch_size=10)
    assert await staged(engine) == before
