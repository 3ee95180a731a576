"""A transcode that gave up, as the portal shows it: the event's code and values kept in the read
model and worded in the reader's language on the case timeline and the pipeline page; an older
event with English words only shows them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

import httpx
from spin_contracts.events import directory, footage, planner
from spin_contracts.events.envelope import Envelope, Event
from spin_contracts.events.failures import FailureCode
from spin_portal.api.app import create_app

from tests.integration.portal.support import add_users, log_in, portal_settings, publish, settled
from tests.integration.portal.test_footage import wrap
from tests.support.http import serving
from tests.support.isolation import Isolation

FILMED = datetime(2026, 3, 2, 10, tzinfo=UTC)
DUTCH = (
    "De verwerking is gestopt na 3 pogingen, bij het omzetten van de video. "
    "De verwerkingsserver heeft te weinig schijfruimte."
)
ENGLISH_ONLY = "The file is not a video (no video stream was found)."
STILL_ENGLISH = "The file is a still image, not a video."
STILL_DUTCH = "Het bestand is een foto, geen video."


def failed_case(
    code: str, failure: footage.FootageFailed | None = None
) -> list[tuple[Envelope, Event]]:
    footage_id = uuid4()
    opened = planner.CaseOpened(
        case_id=uuid4(),
        case_code=code,
        practitioner_id="guide-1",
        site_id="site-1",
        opened_on=date(2026, 2, 26),
        delivery_setting=planner.DeliverySetting.FOSTER_KINSHIP,
    )
    uploaded = footage.FootageUploaded(
        footage_id=footage_id,
        case_code=code,
        filming_session_id="f1",
        filmed_at=FILMED,
        uploaded_at=FILMED + timedelta(hours=2),
        bucket="b",
        object_key=f"raw/{footage_id}",
        size_bytes=5,
        sha256="0" * 64,
        container="mp4",
    )
    failed = failure or footage.FootageFailed(
        footage_id=footage_id,
        case_code=code,
        stage="transcode",
        reason="Processing stopped after 3 attempts while converting the video. ...",
        attempts=3,
        reason_code=FailureCode.GAVE_UP,
        short_of_disk=True,
    )
    failed = failed.model_copy(update={"footage_id": footage_id})
    return [wrap(opened), wrap(uploaded), wrap(failed)]


async def test_a_given_up_transcode_reads_in_dutch(isolated: Isolation) -> None:
    settings = portal_settings(isolated, cookie_secure=False)
    older = footage.FootageFailed(
        footage_id=uuid4(), case_code="C-OLDER", stage="probe", reason=ENGLISH_ONLY
    )
    events = [
        wrap(directory.InstituteRegistered(institute_id="inst-1", name="SPIN Test", country="NL")),
        wrap(directory.AgencyRegistered(agency_id="agency-1", institute_id="inst-1", name="A")),
        wrap(directory.SiteRegistered(site_id="site-1", agency_id="agency-1", name="Office")),
        *failed_case("C-GAVE-UP"),
        *failed_case("C-OLDER", older),
    ]
    app = create_app(settings)
    dutch = {"Accept-Language": "nl"}
    async with serving(app) as url:
        engine = app.state.runtime.engine
        await publish(settings, events)
        await add_users(engine)
        await settled(engine, len(events))
        async with httpx.AsyncClient(base_url=url, timeout=30, headers=dutch) as staff:
            await log_in(staff, "staff1", headers=dutch)
            timeline = await staff.get("/cases/C-GAVE-UP")
            assert timeline.status_code == 200
            assert DUTCH in timeline.text
            pipeline = await staff.get("/pipeline")
            assert DUTCH in pipeline.text
            assert ENGLISH_ONLY in pipeline.text  # an older event's words, as it carried them
            assert "probe: " + ENGLISH_ONLY in (await staff.get("/cases/C-OLDER")).text


async def test_a_refused_file_reads_in_dutch_in_f11_and_the_timeline(isolated: Isolation) -> None:
    """A code without attempts to count: F11's reason keeps it (its English words beside)."""
    settings = portal_settings(isolated, cookie_secure=False)
    still = footage.FootageFailed(
        footage_id=uuid4(),
        case_code="C-STILL",
        stage="probe",
        reason=STILL_ENGLISH,
        reason_code=FailureCode.STILL_IMAGE,
    )
    events = [
        wrap(directory.InstituteRegistered(institute_id="inst-1", name="SPIN Test", country="NL")),
        wrap(directory.AgencyRegistered(agency_id="agency-1", institute_id="inst-1", name="A")),
        wrap(directory.SiteRegistered(site_id="site-1", agency_id="agency-1", name="Office")),
        *failed_case("C-STILL", still),
    ]
    app = create_app(settings)
    dutch = {"Accept-Language": "nl"}
    async with serving(app) as url:
        engine = app.state.runtime.engine
        await publish(settings, events)
        await add_users(engine)
        await settled(engine, len(events))
        async with httpx.AsyncClient(base_url=url, timeout=30, headers=dutch) as staff:
            await log_in(staff, "staff1", headers=dutch)
            page = (await staff.get("/cases/C-STILL")).text
    assert f"1 upload mislukte bij verwerking ({STILL_DUTCH})" in page  # F11
    assert page.count(STILL_DUTCH) == 2  # and the timeline's entry
    assert STILL_ENGLISH not in page
