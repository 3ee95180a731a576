"""One function per kind of event: the rows it puts in the read model's fact tables.

`projection.project` looks the function up by the event's class (the lifecycle's events are
`lifecycle_projection`'s).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from spin_contracts.events import analysis, coaching, consent, directory, footage, planner
from spin_contracts.events.envelope import Envelope, Event

from spin_portal.adapters.batch_writer import Changes
from spin_portal.adapters.coaching_tables import AGREEMENTS
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

Projector = Callable[[Envelope, Any, Changes], None]
PROJECTORS: dict[type[Event], Projector] = {}
# Kinds whose rows are no fact of a case's indicators: their case is not marked dirty.
BESIDE_CASES: set[type[Event]] = set()


def projects(*kinds: type[Event], case_fact: bool = True) -> Callable[[Projector], Projector]:
    """Register the function that puts the rows of these kinds of event."""

    def register(projector: Projector) -> Projector:
        for kind in kinds:
            PROJECTORS[kind] = projector
            if not case_fact:
                BESIDE_CASES.add(kind)
        return projector

    return register


@projects(directory.InstituteRegistered)
def _institute(_: Envelope, event: directory.InstituteRegistered, changes: Changes) -> None:
    changes.put(INSTITUTES, institute_id=event.institute_id, name=event.name, country=event.country)


@projects(directory.AgencyRegistered)
def _agency(_: Envelope, event: directory.AgencyRegistered, changes: Changes) -> None:
    changes.put(
        AGENCIES, agency_id=event.agency_id, institute_id=event.institute_id, name=event.name
    )


@projects(directory.SiteRegistered)
def _site(_: Envelope, event: directory.SiteRegistered, changes: Changes) -> None:
    changes.put(SITES, site_id=event.site_id, agency_id=event.agency_id, name=event.name)


@projects(directory.PractitionerRegistered)
def _practitioner(_: Envelope, event: directory.PractitionerRegistered, changes: Changes) -> None:
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


@projects(planner.CaseOpened)
def _case_opened(envelope: Envelope, event: planner.CaseOpened, changes: Changes) -> None:
    changes.put(
        CASES,
        case_code=event.case_code,
        case_id=event.case_id,
        institute_id=envelope.tenant.institute_id,
        agency_id=envelope.tenant.agency_id,
        site_id=event.site_id,
        practitioner_id=event.practitioner_id,
        delivery_setting=event.delivery_setting.value,
        opened_on=event.opened_on,
    )


@projects(planner.CaseClosed)
def _case_closed(_: Envelope, event: planner.CaseClosed, changes: Changes) -> None:
    changes.put(
        CASES,
        case_code=event.case_code,
        case_id=event.case_id,
        closed_on=event.closed_on,
        close_reason=event.reason,
    )


@projects(planner.HelpingQuestionRecorded)
def _question(_: Envelope, event: planner.HelpingQuestionRecorded, changes: Changes) -> None:
    changes.put(
        HELPING_QUESTIONS,
        helping_question_id=event.helping_question_id,
        case_code=event.case_code,
        recorded_at=event.recorded_at,
    )


@projects(planner.SessionRecorded)
def _session(_: Envelope, event: planner.SessionRecorded, changes: Changes) -> None:
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


@projects(analysis.MomentMarked, analysis.MomentRevised)
def _moment(
    _: Envelope, event: analysis.MomentMarked | analysis.MomentRevised, changes: Changes
) -> None:
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


@projects(analysis.MomentRemoved)
def _moment_removed(_: Envelope, event: analysis.MomentRemoved, changes: Changes) -> None:
    changes.remove(MOMENTS, event.moment_id)


@projects(planner.SupervisionRecorded, case_fact=False)
def _supervision(_: Envelope, event: planner.SupervisionRecorded, changes: Changes) -> None:
    changes.put(
        SUPERVISIONS,
        supervision_id=event.supervision_id,
        practitioner_id=event.practitioner_id,
        supervisor_id=event.supervisor_id,
        held_at=event.held_at,
    )
    changes.dirty_practitioners.add(event.practitioner_id)


@projects(consent.ConsentGranted)
def _consent_granted(_: Envelope, event: consent.ConsentGranted, changes: Changes) -> None:
    changes.put(
        CONSENTS,
        consent_id=event.consent_id,
        case_code=event.case_code,
        purpose=event.purpose.value,
        granted_at=event.granted_at,
        valid_until=event.valid_until,
    )


@projects(consent.ConsentWithdrawn)
def _consent_withdrawn(_: Envelope, event: consent.ConsentWithdrawn, changes: Changes) -> None:
    changes.put(
        CONSENTS,
        consent_id=event.consent_id,
        case_code=event.case_code,
        purpose=event.purpose.value,
        withdrawn_at=event.withdrawn_at,
    )


@projects(footage.FootageUploaded)
def _uploaded(envelope: Envelope, event: footage.FootageUploaded, changes: Changes) -> None:
    changes.put(
        FOOTAGE,
        footage_id=event.footage_id,
        case_code=event.case_code,
        institute_id=envelope.tenant.institute_id,
        agency_id=envelope.tenant.agency_id,
        site_id=envelope.tenant.site_id,
        filming_session_id=event.filming_session_id,
        filmed_at=event.filmed_at,
        uploaded_at=event.uploaded_at,
        size_bytes=event.size_bytes,
    )


@projects(footage.FootageTranscoded)
def _transcoded(envelope: Envelope, event: footage.FootageTranscoded, changes: Changes) -> None:
    changes.put(
        FOOTAGE,
        footage_id=event.footage_id,
        case_code=event.case_code,
        bucket=event.bucket,
        rendition_key=event.renditions[0].key if event.renditions else None,
        transcoded_at=envelope.occurred_at,
    )


@projects(footage.FootageFailed)
def _failed(envelope: Envelope, event: footage.FootageFailed, changes: Changes) -> None:
    changes.put(
        FOOTAGE,
        footage_id=event.footage_id,
        case_code=event.case_code,
        failed_stage=event.stage,
        failed_reason=event.reason,  # English; `failed` is what pages word
        failed=None if (why := event.failure()) is None else why.kept(),
        failed_at=envelope.occurred_at,
    )


@projects(coaching.AgreementComputed, case_fact=False)
def _agreement(envelope: Envelope, event: coaching.AgreementComputed, changes: Changes) -> None:
    changes.put(
        AGREEMENTS,
        footage_id=event.footage_id,
        supervisor_id=event.supervisor_id,
        case_code=event.case_code,
        practitioner_id=event.practitioner_id,
        institute_id=envelope.tenant.institute_id,
        agency_id=envelope.tenant.agency_id,
        slice_s=event.slice_s,
        apprentice_moments=event.apprentice_moments,
        supervisor_moments=event.supervisor_moments,
        figures=[f.model_dump(mode="json") for f in event.figures],
        computed_at=event.computed_at,
    )
