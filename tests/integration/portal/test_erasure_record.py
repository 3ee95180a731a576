"""Erased footage in the portal: the timeline says when and why instead of linking, the footage
answers 410 with that sentence, and the agency's admin reads (and exports) the erasure record:
every object with its key, size, time and rule. Others are refused; every reading is audited."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import httpx
from spin_contracts.events import Envelope, Event, directory, footage, holds
from spin_contracts.events.erasure_schedule import FootageErasureScheduled
from spin_portal.adapters.tables import AUDIT_LOG
from spin_portal.api.app import create_app
from sqlalchemy import select

from tests.integration.portal.support import add_users, log_in, portal_settings, publish, settled
from tests.integration.portal.test_footage import case_with_footage, wrap
from tests.support.http import serving
from tests.support.isolation import Isolation

ERASED_AT = datetime(2026, 4, 1, 9, 30, tzinfo=UTC)
CODE = "C-ERASED"


def scheduled(footage_id: UUID, scope: str) -> FootageErasureScheduled:
    return FootageErasureScheduled(
        footage_id=footage_id,
        case_code=CODE,
        scope=footage.ErasureScope(scope),
        reason=footage.ErasureReason.RAW_RETENTION,
        due_at=ERASED_AT + timedelta(days=30),
    )


def erased(
    footage_id: UUID, keys: list[tuple[str, footage.ErasedKind, int]]
) -> footage.FootageErased:
    return footage.FootageErased(
        footage_id=footage_id,
        case_code=CODE,
        scope=footage.ErasureScope.ALL,
        reason=footage.ErasureReason.CONSENT_WITHDRAWN,
        due_at=ERASED_AT - timedelta(seconds=2),
        erased_at=ERASED_AT,
        bucket="spin-footage",
        objects=[footage.ErasedObject(key=k, kind=kind, size_bytes=n) for k, kind, n in keys],
    )


Objects = list[tuple[str, footage.ErasedKind, int]]


def _erased_case(bucket: str, later: UUID) -> tuple[UUID, Objects, list[tuple[Envelope, Event]]]:
    """A case whose footage was erased (three objects), a later erasure due, and a hold."""
    footage_id, case_events = case_with_footage(
        CODE, bucket, "renditions/x/720p.mp4", supervision=True
    )
    objects = [
        (f"raw/agency-1/site-1/{footage_id}", footage.ErasedKind.RAW, 5_000_000),
        (f"renditions/{footage_id}/720p.mp4", footage.ErasedKind.RENDITION, 900_000),
        (f"renditions/{footage_id}/poster.jpg", footage.ErasedKind.POSTER, 20_000),
    ]
    events = [
        wrap(directory.InstituteRegistered(institute_id="inst-1", name="SPIN Test", country="NL")),
        wrap(directory.AgencyRegistered(agency_id="agency-1", institute_id="inst-1", name="A1")),
        *case_events,
        wrap(scheduled(footage_id, "all")),
        wrap(erased(footage_id, objects)),
        wrap(scheduled(later, "raw")),
        wrap(
            holds.LegalHoldPlaced(
                case_id=uuid4(), case_code=CODE, hold_id=uuid4(), placed_at=ERASED_AT
            )
        ),
    ]
    return footage_id, objects, events


def _record_and_export_list_the_objects(
    record: httpx.Response, exported: httpx.Response, objects: Objects, footage_id: UUID
) -> None:
    assert record.status_code == 200
    assert all(key in record.text for key, _, _ in objects)
    assert "camera file" in record.text
    assert exported.headers["content-type"].startswith("text/csv")
    lines = exported.text.strip().splitlines()
    assert len(lines) == 1 + len(objects)
    assert f"raw/agency-1/site-1/{footage_id}" in exported.text
    assert "5000000" in exported.text


def _pipeline_lists_what_is_to_go(pipeline: str, later: UUID, footage_id: UUID) -> None:
    upcoming = pipeline.split('data-table="erasures"')[1].split("</table>", maxsplit=1)[0]
    assert str(later) in upcoming, "the camera file still to go is listed"
    assert str(footage_id) not in upcoming, "what is erased is no longer upcoming"
    assert "held" in upcoming
    assert CODE in pipeline.split('data-table="holds"')[1]


async def test_erased_footage_is_worded_and_its_record_is_for_the_agency_admin(
    isolated: Isolation,
) -> None:
    settings = portal_settings(isolated, cookie_secure=False)
    later = uuid4()
    footage_id, objects, events = _erased_case(settings.s3_bucket, later)
    app = create_app(settings)
    async with serving(app) as url:
        engine = app.state.runtime.engine
        await publish(settings, events)
        await add_users(engine)
        await settled(engine, len(events))
        async with (
            httpx.AsyncClient(base_url=url, timeout=30) as admin,
            httpx.AsyncClient(base_url=url, timeout=30) as staff,
            httpx.AsyncClient(base_url=url, timeout=30) as stranger,
        ):
            await log_in(admin, "admin1")
            await log_in(staff, "staff1")
            await log_in(stranger, "admin2")
            case_page = (await admin.get(f"/cases/{CODE}")).text
            gone = await admin.get(f"/cases/{CODE}/footage/{footage_id}")
            record = await admin.get(f"/cases/{CODE}/erasure-record")
            exported = await admin.get(f"/cases/{CODE}/erasure-record", params={"export": "o"})
            by_staff = await staff.get(f"/cases/{CODE}/erasure-record")
            pipeline = (await admin.get("/pipeline")).text
            by_stranger = await stranger.get(f"/cases/{CODE}/erasure-record")
        async with engine.connect() as conn:
            audited = [
                (r.username, r.action)
                for r in await conn.execute(
                    select(AUDIT_LOG).where(AUDIT_LOG.c.subject.contains("erasure record"))
                )
            ]

    assert "footage erased" in case_page
    assert "3 objects removed because the filming consent was withdrawn" in case_page
    assert f"/cases/{CODE}/footage/{footage_id}" not in case_page
    assert gone.status_code == 410
    # the date the reader's way (Babel, English here)
    assert "erased on Apr 1, 2026 because the filming consent was withdrawn" in gone.text
    _record_and_export_list_the_objects(record, exported, objects, footage_id)
    assert by_staff.status_code == 403
    assert "admins may read its erasure records" in by_staff.text
    assert by_stranger.status_code == 404
    _pipeline_lists_what_is_to_go(pipeline, later, footage_id)
    assert audited == [("admin1", "erasure_record_viewed"), ("admin1", "export")]
