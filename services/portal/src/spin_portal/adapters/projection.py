"""Events into facts: each event becomes rows of the read model, written a batch at a time.

Rows carry only what their event knows (other columns None) and are merged with
COALESCE, so events of one entity can arrive in any order. Removals are the exception: they
delete, and rely on their entity's events sharing a topic and key (a moment's are all on
spin.planner.v1 under its case id), so none of them can overtake its removal. Dedupe by
event id happens in the same transaction as the writes. Cases whose facts changed are marked
dirty; the `IndicatorRefresher` recomputes them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spin_contracts.events import analysis, coaching, consent, directory, footage, planner
from spin_contracts.events.envelope import Envelope, Event
from sqlalchemy.ext.asyncio import AsyncConnection

from spin_portal.adapters.batch_writer import CONSUMER, Changes, Writer
from spin_portal.adapters.coaching_tables import AGREEMENTS
from spin_portal.adapters.lifecycle_projection import LIFECYCLE_EVENTS, project_lifecycle
from spin_portal.adapters.tables import (
    AGENCIES,
    CASES,
    CONSENTS,
    FOOTAGE,
    HELPING_QUESTIONS,
    INSTITUTES,
    MOMENTS,
    PRACTITIONERS,
    SESSIONS,
    SITES,
    SUPERVISIONS,
)

__all__ = ["ACCEPTED", "CONSUMER", "Changes", "apply_batch", "mark_dirty", "project"]


def project(envelope: Envelope, event: Event, changes: Changes) -> None:  # noqa: PLR0912
    """Add the rows `event` implies to `changes`."""
    tenant = envelope.tenant
    match event:
        case directory.InstituteRegistered():
            changes.put(
                INSTITUTES, institute_id=event.institute_id, name=event.name, country=event.country
            )
        case directory.AgencyRegistered():
            changes.put(
                AGENCIES,
                agency_id=event.agency_id,
                institute_id=event.institute_id,
                name=event.name,
            )
        case directory.SiteRegistered():
            changes.put(SITES, site_id=event.site_id, agency_id=event.agency_id, name=event.name)
        case directory.PractitionerRegistered():
            changes.put(
                PRACTITIONERS,
                practitioner_id=event.practitioner_id,
                agency_id=event.agency_id,
                site_id=event.site_id,
                display_name=event.display_name,
                apprenticeship_started_on=event.apprenticeship_started_on,
                supervisor_id=event.supervisor_id,
            )
            changes.dirty_practitioners.add(event.practitioner_id)
        case planner.CaseOpened():
            changes.put(
                CASES,
                case_code=event.case_code,
                case_id=event.case_id,
                institute_id=tenant.institute_id,
                agency_id=tenant.agency_id,
                site_id=event.site_id,
                practitioner_id=event.practitioner_id,
                delivery_setting=event.delivery_setting.value,
                opened_on=event.opened_on,
            )
        case planner.CaseClosed():
            changes.put(
                CASES,
                case_code=event.case_code,
                case_id=event.case_id,
                closed_on=event.closed_on,
                close_reason=event.reason,
            )
        case planner.HelpingQuestionRecorded():
            changes.put(
                HELPING_QUESTIONS,
                helping_question_id=event.helping_question_id,
                case_code=event.case_code,
                recorded_at=event.recorded_at,
            )
        case planner.SessionRecorded():
            changes.put(
                SESSIONS,
                session_id=event.session_id,
                case_code=event.case_code,
                kind=event.kind.value,
                practitioner_id=event.practitioner_id,
                held_at=event.held_at,
                duration_minutes=event.duration_minutes,
                children_present=event.children_present,
                homework_agreed=event.homework_agreed,
                filming_session_ref=event.filming_session_ref,
                clips_shown=[
                    [c.kind is planner.MomentKind.STRENGTH, c.helping_question_id is not None]
                    for c in event.clips_shown
                ],
            )
        case analysis.MomentMarked() | analysis.MomentRevised():
            changes.put(
                MOMENTS,
                moment_id=event.moment_id,
                case_code=event.case_code,
                footage_id=event.footage_id,
                start_s=event.start_s,
                end_s=event.end_s,
                kind=event.kind.value,
                principles=list(event.principles),
            )
        case analysis.MomentRemoved():
            changes.remove(MOMENTS, event.moment_id)
        case planner.SupervisionRecorded():
            changes.put(
                SUPERVISIONS,
                supervision_id=event.supervision_id,
                practitioner_id=event.practitioner_id,
                supervisor_id=event.supervisor_id,
                held_at=event.held_at,
            )
            changes.dirty_practitioners.add(event.practitioner_id)
            return
        case consent.ConsentGranted():
            changes.put(
                CONSENTS,
                consent_id=event.consent_id,
                case_code=event.case_code,
                purpose=event.purpose.value,
                granted_at=event.granted_at,
                valid_until=event.valid_until,
            )
        case consent.ConsentWithdrawn():
            changes.put(
                CONSENTS,
                consent_id=event.consent_id,
                case_code=event.case_code,
                purpose=event.purpose.value,
                withdrawn_at=event.withdrawn_at,
            )
        case footage.FootageUploaded():
            changes.put(
                FOOTAGE,
                footage_id=event.footage_id,
                case_code=event.case_code,
                institute_id=tenant.institute_id,
                agency_id=tenant.agency_id,
                site_id=tenant.site_id,
                filming_session_id=event.filming_session_id,
                filmed_at=event.filmed_at,
                uploaded_at=event.uploaded_at,
                size_bytes=event.size_bytes,
            )
        case footage.FootageTranscoded():
            changes.put(
                FOOTAGE,
                footage_id=event.footage_id,
                case_code=event.case_code,
                bucket=event.bucket,
                rendition_key=event.renditions[0].key if event.renditions else None,
                transcoded_at=envelope.occurred_at,
            )
        case footage.FootageFailed():
            changes.put(
                FOOTAGE,
                footage_id=event.footage_id,
                case_code=event.case_code,
                failed_stage=event.stage,
                failed_reason=event.reason,  # English; `failed` is what pages word
                failed=None if (why := event.failure()) is None else why.model_dump(mode="json"),
                failed_at=envelope.occurred_at,
            )
        case coaching.AgreementComputed():
            changes.put(
                AGREEMENTS,
                footage_id=event.footage_id,
                supervisor_id=event.supervisor_id,
                case_code=event.case_code,
                practitioner_id=event.practitioner_id,
                institute_id=tenant.institute_id,
                agency_id=tenant.agency_id,
                slice_s=event.slice_s,
                apprentice_moments=event.apprentice_moments,
                supervisor_moments=event.supervisor_moments,
                figures=[f.model_dump(mode="json") for f in event.figures],
                computed_at=event.computed_at,
            )
            return
        case _:
            if not project_lifecycle(tenant, event, changes):
                return
    if case_code := getattr(event, "case_code", None):
        changes.dirty_cases.add(case_code)


ACCEPTED = {
    kind.event_type
    for kind in (
        directory.InstituteRegistered,
        directory.AgencyRegistered,
        directory.SiteRegistered,
        directory.PractitionerRegistered,
        planner.CaseOpened,
        planner.CaseClosed,
        planner.HelpingQuestionRecorded,
        planner.SessionRecorded,
        analysis.MomentMarked,
        analysis.MomentRevised,
        analysis.MomentRemoved,
        planner.SupervisionRecorded,
        consent.ConsentGranted,
        consent.ConsentWithdrawn,
        footage.FootageUploaded,
        footage.FootageTranscoded,
        footage.FootageFailed,
        coaching.AgreementComputed,
    )
} | LIFECYCLE_EVENTS


async def apply_batch(conn: AsyncConnection, batch: Sequence[tuple[Envelope, Event]]) -> int:
    """Project the events of `batch` not seen before; return how many were new."""
    writer = await Writer.of(conn)
    fresh = await writer.first_deliveries(envelope.event_id for envelope, _ in batch)
    changes = Changes()
    applied = 0
    for envelope, event in batch:
        if envelope.event_id in fresh:
            fresh.discard(envelope.event_id)  # a duplicate inside the batch counts once
            project(envelope, event, changes)
            applied += 1
    for table, rows in changes.rows.items():
        if rows:
            await writer.upsert(table, rows.values())
    for table, keys in changes.removed.items():
        await writer.delete(table, keys)
    await writer.mark_dirty(changes.dirty_cases, changes.dirty_practitioners)
    return applied


async def mark_dirty(
    conn: AsyncConnection, case_codes: Iterable[str], practitioner_ids: Iterable[str] = ()
) -> None:
    await (await Writer.of(conn)).mark_dirty(case_codes, practitioner_ids)
