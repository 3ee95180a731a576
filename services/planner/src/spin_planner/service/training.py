"""Clips marked for training: a practitioner marks a moment's rendered clip for use in training,
which needs the family's training consent; the footage lifecycle (transcode) erases the marked
clips when that consent is withdrawn or five years on, and `footage.erased` says so here."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from spin_contracts.events.consent import ConsentPurpose
from spin_contracts.events.footage import ErasedKind, ErasureScope, FootageErased
from spin_contracts.events.training import ClipMarkedForTraining
from spincore.i18n import N_
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from spin_planner.adapters.records import record, records
from spin_planner.adapters.sql_access import consent_holds
from spin_planner.adapters.tables import CLIP_REQUESTS, MOMENTS, TRAINING_CLIPS
from spin_planner.domain.errors import Conflict, NotFound
from spin_planner.domain.records import TrainingClip
from spin_planner.domain.tenancy import Access
from spin_planner.service.access import case_for, tenant_of
from spin_planner.service.work import Work

T = TRAINING_CLIPS
NO_CONSENT = N_(
    "the family has not consented to the use of this case's footage in training "
    "(or withdrew that consent): record a training consent before marking clips for training"
)


async def mark_for_training(work: Work, case_id: UUID, moment_id: UUID) -> TrainingClip:
    """Mark the moment's rendered clip; marking it again changes nothing."""
    case = await case_for(work, case_id, Access.WRITE)
    moment = (
        await work.conn.execute(
            select(MOMENTS.c.id, MOMENTS.c.footage_id).where(
                MOMENTS.c.id == moment_id, MOMENTS.c.case_id == case_id
            )
        )
    ).first()
    if moment is None:
        raise NotFound("no such moment in this case")
    known = (await work.conn.execute(select(T).where(T.c.moment_id == moment_id))).first()
    if known is not None and known.erased_at is None:
        return record(TrainingClip, known)
    erased_on = await work.conn.scalar(
        select(func.max(T.c.erased_at)).where(T.c.footage_id == moment.footage_id)
    )
    if erased_on is not None:  # the lifecycle erases a footage's training clips once
        raise Conflict(
            "this footage's clips marked for training were erased on %(day)s; "
            "no more of its clips can be marked for training",
            day=f"{erased_on:%Y-%m-%d}",
        )
    consented = consent_holds(case_id, ConsentPurpose.TRAINING, work.now)
    if not await work.conn.scalar(select(consented)):
        raise Conflict(NO_CONSENT)
    key = await _rendered_clip_key(work.conn, moment.footage_id, moment_id)
    if key is None:
        raise Conflict("this moment has no rendered clip yet: request the plan's clips first")
    event = ClipMarkedForTraining(
        case_id=case_id,
        case_code=case.case_code,
        clip_id=moment_id,
        footage_id=moment.footage_id,
        marked_at=work.now,
    )
    values = {
        "moment_id": moment_id,
        "case_id": case_id,
        "footage_id": moment.footage_id,
        "clip_key": key,
        "marked_by": work.principal.subject,
        "marked_at": work.now,
    }
    row = await work.insert_emitting(T, values, event, tenant_of(case))
    return record(TrainingClip, row)


async def _rendered_clip_key(
    conn: AsyncConnection, footage_id: UUID, moment_id: UUID
) -> str | None:
    rows = await conn.execute(
        select(CLIP_REQUESTS.c.clip_keys).where(
            CLIP_REQUESTS.c.footage_id == footage_id, CLIP_REQUESTS.c.status == "rendered"
        )
    )
    name = f"/{moment_id}.mp4"
    return next((key for (keys,) in rows for key in keys if key.endswith(name)), None)


async def list_training_clips(work: Work, case_id: UUID) -> Sequence[TrainingClip]:
    await case_for(work, case_id, Access.READ)
    rows = await work.conn.execute(select(T).where(T.c.case_id == case_id).order_by(T.c.marked_at))
    return records(TrainingClip, rows)


async def clips_erased(conn: AsyncConnection, event: FootageErased) -> None:
    """The lifecycle erased clips of the footage: their training marks say when and why, and
    the plans' clip lists drop them (a whole erasure drops every clip elsewhere)."""
    marks = update(T).where(T.c.footage_id == event.footage_id, T.c.erased_at.is_(None))
    if event.scope is ErasureScope.TRAINING:
        gone = {o.key for o in event.objects if o.kind is ErasedKind.CLIP}
        marks = marks.where(T.c.clip_key.in_(gone))
        await _drop_clip_keys(conn, event.footage_id, gone)
    elif event.scope is not ErasureScope.ALL:
        return
    await conn.execute(marks.values(erased_at=event.erased_at, erased_reason=event.reason.value))


async def _drop_clip_keys(conn: AsyncConnection, footage_id: UUID, gone: set[str]) -> None:
    rows = await conn.execute(
        select(CLIP_REQUESTS.c.id, CLIP_REQUESTS.c.clip_keys).where(
            CLIP_REQUESTS.c.footage_id == footage_id
        )
    )
    for request_id, keys in rows.all():
        kept = [key for key in keys if key not in gone]
        if kept != keys:
            await conn.execute(
                update(CLIP_REQUESTS).where(CLIP_REQUESTS.c.id == request_id).values(clip_keys=kept)
            )
