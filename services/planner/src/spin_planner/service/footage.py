"""What the planner learns of footage and clips from ingest and transcode events."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from spin_contracts.events import Envelope, Event
from spin_contracts.events.clip_progress import ClipProgress
from spin_contracts.events.failures import Failure
from spin_contracts.events.footage import (
    ClipFailed,
    ClipRendered,
    ErasureScope,
    FootageErased,
    FootageFailed,
    FootageTranscoded,
    FootageTranscodeProgress,
    FootageUploaded,
)

from spin_planner.domain.cycle_records import Footage
from spin_planner.domain.errors import NotFound
from spin_planner.domain.footage import FootageStatus, advance
from spin_planner.domain.tenancy import Access
from spin_planner.service.access import case_for
from spin_planner.service.footage_ports import FootageFacts
from spin_planner.service.work import Work


def kept(failure: Failure | None) -> dict[str, Any] | None:
    """The failure's code and values as the row keeps them (JSON)."""
    return None if failure is None else failure.kept()


# The events that move a footage's status on: each names the footage and its case.
FootageWord = (
    FootageUploaded | FootageTranscodeProgress | FootageTranscoded | FootageFailed | FootageErased
)


async def _move(
    facts: FootageFacts, event: FootageWord, incoming: FootageStatus, **fields: Any
) -> None:
    """Create the footage row if this is the first word of it, then move its status on."""
    current = await facts.status_for_update(event.footage_id, event.case_code, incoming)
    status = advance(current, incoming)
    if status is not incoming and incoming is FootageStatus.TRANSCODING:
        return  # a late progress report of footage that is already done
    await facts.move(event.footage_id, status, fields)


async def footage_event(facts: FootageFacts, envelope: Envelope, event: Event) -> None:
    match event:
        case FootageUploaded():
            await _move(
                facts,
                event,
                FootageStatus.UPLOADED,
                agency_id=envelope.tenant.agency_id,
                filming_session_ref=event.filming_session_id,
                filmed_at=event.filmed_at,
                uploaded_at=event.uploaded_at,
            )
        case FootageTranscodeProgress():
            await _move(
                facts, event, FootageStatus.TRANSCODING, percent=event.percent, stage=event.stage
            )
        case FootageTranscoded():
            await _move(
                facts,
                event,
                FootageStatus.READY,
                percent=100,
                stage="done",
                duration_s=event.metadata.duration_s,
                failure_reason=None,
                failure=None,
                bucket=event.bucket,
                media=_media(event),
            )
        case FootageFailed():
            await _move(
                facts,
                event,
                FootageStatus.FAILED,
                stage=event.stage,
                failure_reason=event.reason,
                failure=kept(event.failure()),
            )
        case FootageErased():
            await _erased(facts, event)


async def _erased(facts: FootageFacts, event: FootageErased) -> None:
    """The camera file alone leaves the footage playable; a whole erasure leaves nothing to play
    (media and the clips cut from it are gone too); clips marked for training alone leave the
    rest."""
    await facts.clips_erased(event)
    if event.scope is ErasureScope.TRAINING:
        return
    if event.scope is ErasureScope.RAW:
        await facts.raw_erased(event.footage_id, event.erased_at)
        return
    await _move(
        facts,
        event,
        FootageStatus.ERASED,
        media=None,
        erased_at=event.erased_at,
        erased_reason=event.reason.value,
    )
    await facts.clip_requests_erased(event.footage_id)


def _media(event: FootageTranscoded) -> dict[str, Any]:
    """What a player needs of the transcoded footage (sizes of objects it does not)."""
    return {
        "renditions": [
            {"name": r.name, "key": r.key, "width": r.width, "height": r.height}
            for r in event.renditions
        ],
        "poster_key": event.poster_key,
        "sprite_key": event.sprite_key,
        "thumbnails_vtt_key": event.thumbnails_vtt_key,
        "frame_rate": event.metadata.frame_rate,
        "width": event.metadata.width,
        "height": event.metadata.height,
    }


async def clip_event(facts: FootageFacts, _envelope: Envelope, event: Event) -> None:
    """Requests of other services are not ours: an unknown request id changes nothing."""
    match event:
        case ClipRendered():
            keys = [clip.key for clip in event.clips]
            rendered = {
                "status": "rendered",
                "clip_keys": keys,
                "reel_key": event.reel_key,
                "failure_reason": None,
                "failure": None,
            }
            await facts.clip_request(event.request_id, rendered)
        case ClipFailed():
            failure = kept(event.failure())
            failed = {"status": "failed", "failure_reason": event.reason, "failure": failure}
            await facts.clip_request(event.request_id, failed)
        case ClipProgress():
            await facts.clip_progress(event.request_id, event.clips_done)


async def list_footage(work: Work, case_id: UUID) -> Sequence[Footage]:
    case = await case_for(work, case_id, Access.READ)
    return await work.footage.of_case(case)


async def read_footage(work: Work, case_id: UUID, footage_id: UUID) -> Footage:
    case = await case_for(work, case_id, Access.READ)
    found = await work.footage.in_case(case, footage_id)
    if found is None:
        raise NotFound("no such footage for this case")
    return found
