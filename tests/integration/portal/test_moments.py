"""Moments in the read model: revisions replace what was marked, removals delete the row."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

from spin_contracts.events import analysis, planner
from spin_contracts.events.envelope import Envelope, Event, Tenant
from spin_portal.adapters.projection import apply_batch
from spin_portal.adapters.tables import CASE_INDICATORS, MOMENTS
from spin_portal.api.app import create_app
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.integration.portal.support import portal_settings, publish, settled
from tests.support.http import serving
from tests.support.isolation import Isolation

TENANT = Tenant(institute_id="inst-1", agency_id="agency-1", site_id="site-1")
CASE_ID, CODE, FOOTAGE_ID = uuid4(), "US-BOS-0900", uuid4()


def wrap(event: Event) -> tuple[Envelope, Event]:
    return Envelope.wrap(event, producer="tests", tenant=TENANT), event


def opened() -> tuple[Envelope, Event]:
    return wrap(
        planner.CaseOpened(
            case_id=CASE_ID,
            case_code=CODE,
            practitioner_id="guide-1",
            site_id="site-1",
            opened_on=date(2026, 2, 26),
            delivery_setting=planner.DeliverySetting.FOSTER_KINSHIP,
        )
    )


def marked(moment_id: UUID, start_s: float = 1, kind: str = "strength") -> tuple[Envelope, Event]:
    return wrap(
        analysis.MomentMarked(
            case_id=CASE_ID,
            case_code=CODE,
            moment_id=moment_id,
            footage_id=FOOTAGE_ID,
            start_s=start_s,
            end_s=start_s + 4,
            principles=["guiding"],
            kind=planner.MomentKind(kind),
        )
    )


def revised(moment_id: UUID) -> tuple[Envelope, Event]:
    return wrap(
        analysis.MomentRevised(
            case_id=CASE_ID,
            case_code=CODE,
            moment_id=moment_id,
            footage_id=FOOTAGE_ID,
            start_s=2,
            end_s=9,
            principles=["receiving_initiatives"],
            kind=planner.MomentKind.WORKING_POINT,
        )
    )


def removed(moment_id: UUID) -> tuple[Envelope, Event]:
    return wrap(
        analysis.MomentRemoved(
            case_id=CASE_ID, case_code=CODE, moment_id=moment_id, footage_id=FOOTAGE_ID
        )
    )


async def stored_moments(engine: AsyncEngine) -> dict[UUID, tuple[float, float, str, list[str]]]:
    async with engine.connect() as conn:
        rows = await conn.execute(select(MOMENTS).where(MOMENTS.c.case_code == CODE))
        return {r.moment_id: (r.start_s, r.end_s, r.kind, r.principles) for r in rows}


async def test_removed_moments_leave_the_read_model_and_the_case_is_recomputed(
    isolated: Isolation,
) -> None:
    kept, gone, brief = uuid4(), uuid4(), uuid4()
    settings = portal_settings(isolated)
    app = create_app(settings)
    async with serving(app):
        engine: AsyncEngine = app.state.runtime.engine
        events = [opened(), marked(kept), marked(gone, 20), revised(kept), removed(gone)]
        await publish(settings, events)
        await settled(engine, len(events))
        after_stream = await stored_moments(engine)
        # Marked and removed within one batch: the row is never written.
        async with engine.begin() as conn:
            await apply_batch(conn, [marked(brief), removed(brief), removed(uuid4())])
        await settled(engine, len(events) + 3)
        after_batch = await stored_moments(engine)
        async with engine.connect() as conn:
            indicators = await conn.scalar(
                select(CASE_INDICATORS.c.case_code).where(CASE_INDICATORS.c.case_code == CODE)
            )

    assert after_stream == {kept: (2, 9, "working_point", ["receiving_initiatives"])}
    assert after_batch == after_stream
    assert indicators == CODE
