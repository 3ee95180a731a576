"""Footage links: supervision consent gates institute staff; every view is in the audit log."""

from __future__ import annotations

import asyncio
import io
from datetime import UTC, date, datetime, timedelta
from uuid import UUID, uuid4

import httpx
from spin_contracts.events import consent, directory, footage, planner
from spin_contracts.events.envelope import Envelope, Event, Tenant
from spin_portal.adapters.tables import AUDIT_LOG
from spin_portal.api.app import create_app
from sqlalchemy import select

from tests.integration.portal.support import add_users, log_in, portal_settings, publish, settled
from tests.support.http import serving
from tests.support.isolation import Isolation

TENANT = Tenant(institute_id="inst-1", agency_id="agency-1", site_id="site-1")
FILMED = datetime(2026, 3, 2, 10, tzinfo=UTC)


def wrap(event: Event) -> tuple[Envelope, Event]:
    return Envelope.wrap(event, producer="tests", tenant=TENANT), event


def footage_arrived(
    footage_id: UUID, code: str, bucket: str, key: str
) -> list[tuple[Envelope, Event]]:
    """The footage uploaded, then transcoded into one rendition at `key`."""
    return [
        wrap(
            footage.FootageUploaded(
                footage_id=footage_id,
                case_code=code,
                filming_session_id="f1",
                filmed_at=FILMED,
                uploaded_at=FILMED + timedelta(hours=2),
                bucket=bucket,
                object_key=f"raw/{footage_id}",
                size_bytes=5,
                sha256="0" * 64,
                container="mp4",
            )
        ),
        wrap(
            footage.FootageTranscoded(
                footage_id=footage_id,
                case_code=code,
                bucket=bucket,
                renditions=[
                    footage.Rendition(name="720p", key=key, width=1280, height=720, size_bytes=5)
                ],
                poster_key="p",
                sprite_key="s",
                thumbnails_vtt_key="v",
                metadata=footage.MediaMetadata(
                    duration_s=1,
                    frame_rate=25,
                    width=1280,
                    height=720,
                    video_codec="h264",
                    has_audio=False,
                ),
            )
        ),
    ]


def case_with_footage(
    code: str, bucket: str, key: str, supervision: bool
) -> tuple[UUID, list[tuple[Envelope, Event]]]:
    footage_id = uuid4()
    granted = FILMED - timedelta(days=3)
    events = [
        wrap(
            planner.CaseOpened(
                case_id=uuid4(),
                case_code=code,
                practitioner_id="guide-1",
                site_id="site-1",
                opened_on=date(2026, 2, 26),
                delivery_setting=planner.DeliverySetting.FOSTER_KINSHIP,
            )
        ),
        wrap(
            consent.ConsentGranted(
                consent_id=uuid4(),
                case_code=code,
                purpose=consent.ConsentPurpose.FILMING,
                granted_at=granted,
            )
        ),
        *footage_arrived(footage_id, code, bucket, key),
    ]
    if supervision:
        events.append(
            wrap(
                consent.ConsentGranted(
                    consent_id=uuid4(),
                    case_code=code,
                    purpose=consent.ConsentPurpose.SUPERVISION_VIEWING,
                    granted_at=granted,
                )
            )
        )
    return footage_id, events


def directory_events() -> list[tuple[Envelope, Event]]:
    return [
        wrap(directory.InstituteRegistered(institute_id="inst-1", name="SPIN Test", country="NL")),
        wrap(
            directory.AgencyRegistered(
                agency_id="agency-1", institute_id="inst-1", name="Agency One"
            )
        ),
        wrap(directory.SiteRegistered(site_id="site-1", agency_id="agency-1", name="Office")),
    ]


async def _staff_see_only_consented_footage(
    staff: httpx.AsyncClient, private: UUID, consented: UUID
) -> None:
    """Institute staff see footage only under supervision consent, by a short-lived link."""
    refused = await staff.get(f"/cases/C-PRIVATE/footage/{private}")
    assert refused.status_code == 403
    assert "only where the family consented to supervision viewing" in refused.text
    assert f"/cases/C-PRIVATE/footage/{private}" not in (await staff.get("/cases/C-PRIVATE")).text
    assert (
        f"/cases/C-SUPERVISED/footage/{consented}" in (await staff.get("/cases/C-SUPERVISED")).text
    )
    shown = await staff.get(f"/cases/C-SUPERVISED/footage/{consented}")
    assert shown.status_code == 303
    assert "X-Amz-Expires=300" in shown.headers["location"]
    async with httpx.AsyncClient() as plain:
        assert (await plain.get(shown.headers["location"])).content == b"video"


async def test_footage_views_follow_consent_and_are_audited(isolated: Isolation) -> None:
    settings = portal_settings(isolated, cookie_secure=False)
    key = "renditions/clip/720p.mp4"
    consented, with_consent = case_with_footage(
        "C-SUPERVISED", settings.s3_bucket, key, supervision=True
    )
    private, without_consent = case_with_footage(
        "C-PRIVATE", settings.s3_bucket, key, supervision=False
    )
    events = directory_events() + with_consent + without_consent
    app = create_app(settings)
    async with serving(app) as url:
        engine = app.state.runtime.engine
        s3 = app.state.runtime.s3
        await asyncio.to_thread(s3.put_object, settings.s3_bucket, key, io.BytesIO(b"video"), 5)
        await publish(settings, events)
        await add_users(engine)
        await settled(engine, len(events))
        async with (
            httpx.AsyncClient(base_url=url, timeout=30) as staff,
            httpx.AsyncClient(base_url=url, timeout=30) as admin,
        ):
            await log_in(staff, "staff1")
            await log_in(admin, "admin1")
            await _staff_see_only_consented_footage(staff, private, consented)
            assert (await admin.get(f"/cases/C-PRIVATE/footage/{private}")).status_code == 303
            missing = await admin.get("/cases/C-PRIVATE/footage/not-a-footage-id")
            assert missing.status_code == 404
            assert "There is no footage" in missing.text
            audit_page = await admin.get("/agencies/agency-1/audit")
        async with engine.connect() as conn:
            views = {
                (r.username, r.case_code)
                for r in await conn.execute(
                    select(AUDIT_LOG).where(AUDIT_LOG.c.action == "footage_viewed")
                )
            }
    assert views == {("staff1", "C-SUPERVISED"), ("admin1", "C-PRIVATE")}
    assert audit_page.text.count("footage_viewed") == 2
