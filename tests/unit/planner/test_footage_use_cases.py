"""The planner's footage as ingest's and transcode's events move it on (in-memory stores),
and the case's footage as its use cases read it."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID, uuid4

import pytest
from spin_contracts.claims import Role
from spin_contracts.events import Envelope, Event, Tenant
from spin_contracts.events.clip_progress import ClipProgress
from spin_contracts.events.footage import (
    ClipFailed,
    ClipRendered,
    ErasureReason,
    ErasureScope,
    FootageErased,
    FootageTranscoded,
    FootageTranscodeProgress,
    FootageUploaded,
    MediaMetadata,
    RenderedClip,
    Rendition,
)
from spin_contracts.events.planner import DeliverySetting
from spin_planner.domain.commands.cases import Caregiver, Child, NewCase
from spin_planner.domain.cycle_records import Case
from spin_planner.domain.errors import NotFound
from spin_planner.service import cases, footage

from tests.unit.planner.fake_parts import NOW
from tests.unit.planner.fakes import AGENCY, INSTITUTE, World, harbor, who

DANA = who(Role.PRACTITIONER, "dana")
FOOTAGE = UUID("00000000-0000-4000-8000-000000000007")
REQUEST = UUID("00000000-0000-4000-8000-000000000008")


async def heard(world: World, event: Event) -> None:
    envelope = Envelope.wrap(
        event, producer="ingest", tenant=Tenant(institute_id=INSTITUTE, agency_id=AGENCY)
    )
    if isinstance(event, ClipRendered | ClipFailed | ClipProgress):
        await footage.clip_event(world.footage, envelope, event)
    else:
        await footage.footage_event(world.footage, envelope, event)


async def opened(world: World) -> Case:
    new = NewCase(
        delivery_setting=DeliverySetting.OUTPATIENT_CLINIC,
        caregivers=[Caregiver(relation="mother")],
        children=[Child(age=7)],
        opened_on=date(2026, 2, 1),
    )
    return await cases.open_case(world.work(DANA), new)


def uploaded(case: Case) -> FootageUploaded:
    return FootageUploaded(
        footage_id=FOOTAGE,
        case_code=case.case_code,
        filming_session_id="fs-1",
        filmed_at=NOW,
        uploaded_at=NOW,
        bucket="b",
        object_key="raw/a/s/f",
        size_bytes=10,
        sha256="0" * 64,
        container="mp4",
    )


def transcoded(case: Case) -> FootageTranscoded:
    return FootageTranscoded(
        footage_id=FOOTAGE,
        case_code=case.case_code,
        bucket="media",
        renditions=[Rendition(name="720p", key="r/720", width=1280, height=720, size_bytes=9)],
        poster_key="p",
        sprite_key="s",
        thumbnails_vtt_key="v",
        metadata=MediaMetadata(
            duration_s=90.0,
            frame_rate=25.0,
            width=1280,
            height=720,
            video_codec="h264",
            has_audio=True,
        ),
    )


def erased(case: Case, scope: ErasureScope) -> FootageErased:
    reason = ErasureReason.CONSENT_WITHDRAWN
    return FootageErased(
        footage_id=FOOTAGE, case_code=case.case_code, scope=scope, reason=reason,
        due_at=NOW, erased_at=NOW, bucket="b", objects=[],
    )  # fmt: skip


async def test_footage_moves_on_and_a_late_progress_report_does_not_move_it_back() -> None:
    world = harbor()
    case = await opened(world)
    await heard(world, uploaded(case))
    progress = FootageTranscodeProgress(
        footage_id=FOOTAGE, case_code=case.case_code, percent=40, stage="transcode"
    )
    await heard(world, progress)
    assert (await footage.read_footage(world.work(DANA), case.id, FOOTAGE)).percent == 40
    await heard(world, transcoded(case))
    await heard(world, progress)
    [ready] = await footage.list_footage(world.work(DANA), case.id)
    assert (ready.status, ready.percent, ready.duration_s) == ("ready", 100, 90.0)
    assert ready.media is not None
    assert ready.media["bucket"] == "media"
    with pytest.raises(NotFound):
        await footage.read_footage(world.work(DANA), case.id, uuid4())


async def test_an_erasure_of_the_raw_file_keeps_the_footage_playable_a_whole_one_does_not() -> None:
    world = harbor()
    case = await opened(world)
    await heard(world, uploaded(case))
    await heard(world, transcoded(case))
    world.footage.clip_requests[REQUEST] = request(status="rendered", clip_keys=["c"])
    await heard(world, erased(case, ErasureScope.RAW))
    raw = await footage.read_footage(world.work(DANA), case.id, FOOTAGE)
    assert (raw.status, raw.raw_erased_at, raw.media is not None) == ("ready", NOW, True)
    await heard(world, erased(case, ErasureScope.ALL))
    gone = await footage.read_footage(world.work(DANA), case.id, FOOTAGE)
    assert (gone.status, gone.media, gone.erased_reason) == ("erased", None, "consent_withdrawn")
    assert world.footage.clip_requests[REQUEST]["status"] == "erased"
    assert [e.scope for e in world.footage.erasures] == [ErasureScope.RAW, ErasureScope.ALL]


def request(**values: Any) -> dict[str, Any]:
    return {"footage_id": FOOTAGE, "status": "requested", "clips_done": 0, **values}


async def test_clip_requests_count_forwards_and_end_rendered_or_failed() -> None:
    world = harbor()
    case = await opened(world)
    world.footage.clip_requests[REQUEST] = request()
    ids = {"request_id": REQUEST, "footage_id": FOOTAGE, "case_code": case.case_code}
    await heard(world, ClipProgress(**ids, clips_done=2, clips_total=3))
    await heard(world, ClipProgress(**ids, clips_done=1, clips_total=3))
    assert world.footage.clip_requests[REQUEST]["clips_done"] == 2
    clip = RenderedClip(clip_id=uuid4(), key="clips/1", duration_s=4.0)
    await heard(world, ClipRendered(**ids, bucket="b", clips=[clip], reel_key="reel"))
    await heard(world, ClipProgress(**ids, clips_done=3, clips_total=3))
    rendered = world.footage.clip_requests[REQUEST]
    assert (rendered["status"], rendered["clip_keys"], rendered["clips_done"]) == (
        "rendered",
        ["clips/1"],
        2,
    )
    await heard(world, ClipFailed(**ids, reason="ffmpeg gave up"))
    assert world.footage.clip_requests[REQUEST]["failure_reason"] == "ffmpeg gave up"
    await heard(world, ClipFailed(**{**ids, "request_id": uuid4()}, reason="not ours"))
    assert len(world.footage.clip_requests) == 1
