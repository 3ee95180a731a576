"""The footage lifecycle's facts, from consent, case and footage events, and the erasure plan
they make (see `domain.erasure`). A consumer group of its own, so erasure never waits behind a
long transcode."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any
from uuid import UUID

from spin_contracts.events import Envelope, Event, Tenant
from spin_contracts.events.consent import ConsentGranted, ConsentPurpose, ConsentWithdrawn
from spin_contracts.events.erasure_schedule import FootageErasureScheduled
from spin_contracts.events.footage import (
    ErasureReason,
    ErasureScope,
    FootageUploaded,
    FootageUploadStarted,
)
from spin_contracts.events.holds import LegalHoldLifted, LegalHoldPlaced
from spin_contracts.events.planner import CaseClosed
from spin_contracts.events.training import ClipMarkedForTraining
from spincore.db import add_to_outbox, first_delivery
from spincore.logging import get_logger
from spincore.streams import Handler
from sqlalchemy.ext.asyncio import AsyncSession

from spin_transcode.adapters import lifecycle
from spin_transcode.domain.erasure import FootageFacts, plan_erasures
from spin_transcode.service.context import TranscodeContext

log = get_logger(__name__)
CONSUMER = "transcode-lifecycle"
CONSENT_EVENTS = frozenset({ConsentGranted.event_type, ConsentWithdrawn.event_type})
CASE_EVENTS = frozenset(
    {
        CaseClosed.event_type,
        LegalHoldPlaced.event_type,
        LegalHoldLifted.event_type,
        ClipMarkedForTraining.event_type,
    }
)
_CONSENT_TIMES = {
    (ConsentPurpose.FILMING, True): "filming_granted_at",
    (ConsentPurpose.FILMING, False): "filming_withdrawn_at",
    (ConsentPurpose.TRAINING, True): "training_granted_at",
    (ConsentPurpose.TRAINING, False): "training_withdrawn_at",
}
FOOTAGE_EVENTS = frozenset({FootageUploadStarted.event_type, FootageUploaded.event_type})


def lifecycle_handler(ctx: TranscodeContext) -> Handler:
    async def on_event(envelope: Envelope, event: Event) -> None:
        async with ctx.runtime.sessions.begin() as session:
            if not await first_delivery(session, CONSUMER, envelope.event_id):
                return
            if await _hold(session, event):
                return  # a hold changes no due time: the runner skips held cases
            case_code = await _record(ctx, session, envelope, event)
            if case_code is not None:
                await replan(ctx, session, case_code)

    return on_event


async def _hold(session: AsyncSession, event: Event) -> bool:
    """A hold placed or lifted in the planner (its reason stays there); False for other events."""
    if isinstance(event, LegalHoldPlaced):
        await lifecycle.place_planner_hold(session, event.hold_id, event.case_code, event.placed_at)
        return True
    if isinstance(event, LegalHoldLifted):
        await lifecycle.lift_hold(session, event.hold_id, event.lifted_at)
        return True
    return False


async def _record(
    ctx: TranscodeContext, session: AsyncSession, envelope: Envelope, event: Event
) -> str | None:
    """Keep what the event says; the case it concerns, or None when it changes nothing."""
    if isinstance(event, ConsentGranted | ConsentWithdrawn):
        return await _consent(session, event)
    if isinstance(event, ClipMarkedForTraining):
        await lifecycle.record_training_clip(
            session, event.clip_id, event.footage_id, event.case_code, event.marked_at
        )
        return event.case_code
    if isinstance(event, CaseClosed):
        await lifecycle.record_case(session, event.case_code, closed_on=event.closed_on)
        return event.case_code
    if isinstance(event, FootageUploadStarted | FootageUploaded):
        if envelope.producer != ctx.settings.transcode_footage_from:
            return None  # the demo's synthetic history has nothing in storage
        await lifecycle.record_footage(session, _footage_values(event, envelope.tenant))
        return event.case_code
    return None


async def _consent(session: AsyncSession, event: ConsentGranted | ConsentWithdrawn) -> str | None:
    granted = isinstance(event, ConsentGranted)
    column = _CONSENT_TIMES.get((event.purpose, granted))
    if column is None:
        return None  # supervision viewing: access, not erasure (the planner's business)
    at = event.granted_at if isinstance(event, ConsentGranted) else event.withdrawn_at
    await lifecycle.record_case(session, event.case_code, **{column: at})
    if not granted:
        log.info("consent_withdrawn", case_code=event.case_code, purpose=event.purpose.value)
    return event.case_code


def _footage_values(
    event: FootageUploadStarted | FootageUploaded, tenant: Tenant
) -> dict[str, Any]:
    values: dict[str, Any] = {
        "footage_id": event.footage_id,
        "case_code": event.case_code,
        "institute_id": tenant.institute_id,
        "agency_id": tenant.agency_id,
        "site_id": tenant.site_id,
        "bucket": event.bucket,
        "raw_key": event.object_key,
    }
    if isinstance(event, FootageUploadStarted):
        values["staging_prefix"] = event.staging_prefix
    return values


async def footage_verified(
    ctx: TranscodeContext,
    session: AsyncSession,
    event: FootageUploaded,
    tenant: Tenant,
    verified_at: datetime,
) -> None:
    """Renditions checked against the source: the camera file's retention clock starts."""
    values = _footage_values(event, tenant) | {"verified_at": verified_at}
    await lifecycle.record_footage(session, values)
    await replan(ctx, session, event.case_code)


async def replan(ctx: TranscodeContext, session: AsyncSession, case_code: str) -> None:
    """Schedule what the rules now ask for the case (each institute with its own figures)."""
    facts = await lifecycle.case_facts(session, case_code)
    by_institute: dict[str, list[FootageFacts]] = defaultdict(list)
    tenants: dict[UUID, Tenant] = {}
    for known in await lifecycle.case_footage(session, case_code):
        by_institute[known.institute_id].append(known.facts)
        tenants[known.facts.footage_id] = Tenant(
            institute_id=known.institute_id, agency_id=known.agency_id, site_id=known.site_id
        )
    for institute_id, footage in by_institute.items():
        policy = ctx.settings.erasure_policy(institute_id)
        planned = plan_erasures(facts, footage, policy)
        for row in await lifecycle.schedule(session, case_code, planned):
            await _announce(ctx, session, case_code, row, tenants[row.footage_id])


async def _announce(
    ctx: TranscodeContext, session: AsyncSession, case_code: str, row: Any, tenant: Tenant
) -> None:
    """A due time set or brought forward: people see the erasure coming."""
    event = FootageErasureScheduled(
        footage_id=row.footage_id,
        case_code=case_code,
        scope=ErasureScope(row.scope),
        reason=ErasureReason(row.reason),
        due_at=row.due_at,
    )
    envelope = Envelope.wrap(event, producer=ctx.settings.service_name, tenant=tenant)
    await add_to_outbox(session, envelope, event, ctx.settings.topic_prefix)


async def processing_stopped(ctx: TranscodeContext, case_code: str) -> bool:
    async with ctx.runtime.sessions.begin() as session:
        return await lifecycle.processing_stopped(session, case_code)
