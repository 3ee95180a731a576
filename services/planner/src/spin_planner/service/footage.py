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
from sqlalchemy import ColumnElement, Select, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from spin_planner.adapters.records import footage_record
from spin_planner.adapters.sql_training import clips_erased
from spin_planner.adapters.tables import CLIP_REQUESTS, FOOTAGE
from spin_planner.domain.cycle_records import Case, Footage
from spin_planner.domain.errors import NotFound
from spin_planner.domain.footage import FootageStatus, advance
from spin_planner.domain.tenancy import Access
from spin_planner.service.access import case_for
from spin_planner.service.work import Work


def kept(failure: Failure | None) -> dict[str, Any] | None:
    """The failure's code and values as the row keeps them (JSON)."""
    return None if failure is None else failure.kept()


# The events that move a footage's status on: each names the footage and its case.
FootageWord = (
    FootageUploaded | FootageTranscodeProgress | FootageTranscoded | FootageFailed | FootageErased
)


async def _move(
    conn: AsyncConnection, event: FootageWord, incoming: FootageStatus, **fields: Any
) -> None:
    """Create the footage row if this is the first word of it, then move its status on."""
    footage_id, case_code = event.footage_id, event.case_code
    await conn.execute(
        insert(FOOTAGE)
        .values(id=footage_id, case_code=case_code, status=incoming.value)
        .on_conflict_do_nothing()
    )
    current = await conn.scalar(
        select(FOOTAGE.c.status).where(FOOTAGE.c.id == footage_id).with_for_update()
    )
    status = advance(FootageStatus(current) if current else None, incoming)
    if status is not incoming and incoming is FootageStatus.TRANSCODING:
        return  # a late progress report of footage that is already done
    await conn.execute(
        update(FOOTAGE)
        .where(FOOTAGE.c.id == footage_id)
        .values(status=status.value, updated_at=func.now(), **fields)
    )


async def footage_event(conn: AsyncConnection, envelope: Envelope, event: Event) -> None:
    match event:
        case FootageUploaded():
            await _move(
                conn,
                event,
                FootageStatus.UPLOADED,
                agency_id=envelope.tenant.agency_id,
                filming_session_ref=event.filming_session_id,
                filmed_at=event.filmed_at,
                uploaded_at=event.uploaded_at,
            )
        case FootageTranscodeProgress():
            await _move(
                conn, event, FootageStatus.TRANSCODING, percent=event.percent, stage=event.stage
            )
        case FootageTranscoded():
            await _move(
                conn,
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
                conn,
                event,
                FootageStatus.FAILED,
                stage=event.stage,
                failure_reason=event.reason,
                failure=kept(event.failure()),
            )
        case FootageErased():
            await _erased(conn, event)


async def _erased(conn: AsyncConnection, event: FootageErased) -> None:
    """The camera file alone leaves the footage playable; a whole erasure leaves nothing to play
    (media and the clips cut from it are gone too); clips marked for training alone leave the
    rest."""
    await clips_erased(conn, event)
    if event.scope is ErasureScope.TRAINING:
        return
    if event.scope is ErasureScope.RAW:
        await conn.execute(
            update(FOOTAGE)
            .where(FOOTAGE.c.id == event.footage_id)
            .values(raw_erased_at=event.erased_at)
        )
        return
    await _move(
        conn,
        event,
        FootageStatus.ERASED,
        media=None,
        erased_at=event.erased_at,
        erased_reason=event.reason.value,
    )
    await conn.execute(
        update(CLIP_REQUESTS)
        .where(CLIP_REQUESTS.c.footage_id == event.footage_id)
        .values(status="erased", clip_keys=[], reel_key=None)
    )


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


async def clip_event(conn: AsyncConnection, _envelope: Envelope, event: Event) -> None:
    """Requests of other services are not ours: an unknown request id changes nothing."""
    match event:
        case ClipRendered():
            keys = [clip.key for clip in event.clips]
            await _clip_request(
                conn,
                event.request_id,
                status="rendered",
                clip_keys=keys,
                reel_key=event.reel_key,
                failure_reason=None,
                failure=None,
            )
        case ClipFailed():
            failure = kept(event.failure())
            await _clip_request(
                conn,
                event.request_id,
                status="failed",
                failure_reason=event.reason,
                failure=failure,
            )
        case ClipProgress():
            # Never backwards, and never on a request that already ended.
            going = CLIP_REQUESTS.c.status == "requested"
            behind = CLIP_REQUESTS.c.clips_done < event.clips_done
            await _clip_request(conn, event.request_id, going, behind, clips_done=event.clips_done)


async def _clip_request(
    conn: AsyncConnection, request_id: UUID, *only_if: ColumnElement[bool], **values: Any
) -> None:
    """Set `values` on the clip request (where the conditions `only_if` hold)."""
    await conn.execute(
        update(CLIP_REQUESTS).where(CLIP_REQUESTS.c.id == request_id, *only_if).values(**values)
    )


def _of_case(case: Case) -> Select[Any]:
    return select(FOOTAGE).where(
        FOOTAGE.c.agency_id == case.agency_id, FOOTAGE.c.case_code == case.case_code
    )


async def list_footage(work: Work, case_id: UUID) -> Sequence[Footage]:
    case = await case_for(work, case_id, Access.READ)
    rows = await work.conn.execute(_of_case(case).order_by(FOOTAGE.c.uploaded_at, FOOTAGE.c.id))
    return [footage_record(row) for row in rows]


async def read_footage(work: Work, case_id: UUID, footage_id: UUID) -> Footage:
    case = await case_for(work, case_id, Access.READ)
    row = (await work.conn.execute(_of_case(case).where(FOOTAGE.c.id == footage_id))).first()
    if row is None:
        raise NotFound("no such footage for this case")
    return footage_record(row)
