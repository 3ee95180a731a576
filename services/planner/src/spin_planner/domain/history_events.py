"""The events the API would have staged for an imported history, at the times it happened.

Pure: consumers that never see the planner (tests, benchmarks) build the same events from a
history as the import stages. Event ids derive from the ids of what they announce, so an
event staged twice is the same event.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, datetime, time
from uuid import UUID, uuid5

import orjson
from spin_contracts.events import Envelope, Event, Tenant
from spin_contracts.events.analysis import MomentMarked
from spin_contracts.events.consent import ConsentGranted
from spin_contracts.events.planner import (
    CaseClosed,
    CaseOpened,
    HelpingQuestionRecorded,
    MomentKind,
    SessionRecorded,
    ShownClip,
    SupervisionRecorded,
)

from spin_planner.domain.cycle_records import homework_agreed
from spin_planner.domain.principles import canonical_tags
from spin_planner.models.cases import CaseClosure
from spin_planner.models.history import (
    HistoryCase,
    HistoryConsent,
    HistoryMoment,
    HistoryQuestion,
    HistorySession,
    HistorySupervision,
)

PRODUCER = "planner"
OPENED_AT = time(9)  # a case is opened on a day; its event needs a time of that day
CLOSED_AT = time(17)


@dataclass(frozen=True)
class Staged:
    """An event, when it happened, whose it is, and the id of what it announces."""

    event: Event
    at: datetime
    tenant: Tenant
    subject: UUID

    @property
    def event_id(self) -> UUID:
        return uuid5(self.subject, self.event.event_type)

    def envelope(self, correlation_id: str) -> Envelope:
        """The envelope `Envelope.wrap` would make, its id derived from the subject."""
        return Envelope.model_construct(
            event_id=self.event_id,
            event_type=self.event.event_type,
            schema_version=self.event.schema_version,
            occurred_at=self.at,
            producer=PRODUCER,
            correlation_id=correlation_id,
            causation_id=None,
            tenant=self.tenant,
            payload=self.event.model_dump(mode="json"),
        )

    def to_bytes(self, correlation_id: str) -> bytes:
        """`envelope(correlation_id).to_bytes()`, in a fraction of its time: the event is
        serialised once, straight into the envelope (an import stages many thousands)."""
        head = orjson.dumps(
            {
                "event_id": str(self.event_id),
                "event_type": self.event.event_type,
                "schema_version": self.event.schema_version,
                "occurred_at": self.at,
                "producer": PRODUCER,
                "correlation_id": correlation_id,
                "causation_id": None,
                "tenant": self.tenant.model_dump(),
            },
            option=orjson.OPT_UTC_Z,
        )
        return b'%s,"payload":%s}' % (head[:-1], self.event.model_dump_json().encode())


@functools.lru_cache(maxsize=4096)
def canonical_principles(tags: tuple[str, ...]) -> tuple[str, ...]:
    """`canonical_tags`, once per combination: a history repeats the same few many times."""
    return tuple(canonical_tags(tags, field="principles"))


def case_events(case: HistoryCase, tenant: Tenant) -> list[Staged]:
    """Everything the case's history announced, in the order it happened (a case's events
    share a partition, so consumers see them in this order)."""
    opened_at = datetime.combine(case.opened_on, OPENED_AT, UTC)
    moments = {m.id: m for m in case.moments}
    assert tenant.site_id is not None, "a case's tenant names its site"
    staged = [Staged(_opened(case, tenant.site_id), opened_at, tenant, case.id)]
    later = [
        *(Staged(_granted(case, c), c.granted_at, tenant, c.id) for c in case.consents),
        *(Staged(_recorded(case, q), q.recorded_at, tenant, q.id) for q in case.questions),
        *(Staged(_marked(case, m), m.marked_at, tenant, m.id) for m in case.moments),
        *(Staged(_session(case, s, moments), s.held_at, tenant, s.id) for s in case.sessions),
    ]
    staged.extend(sorted(later, key=lambda s: s.at))
    if case.closure is not None:
        closed_at = datetime.combine(case.closure.closed_on, CLOSED_AT, UTC)
        staged.append(Staged(_closed(case, case.closure), closed_at, tenant, case.id))
    return staged


def _granted(case: HistoryCase, consent: HistoryConsent) -> ConsentGranted:
    return ConsentGranted(
        consent_id=consent.id,
        case_code=case.case_code,
        purpose=consent.purpose,
        granted_at=consent.granted_at,
        valid_until=consent.valid_until,
    )


def _recorded(case: HistoryCase, question: HistoryQuestion) -> HelpingQuestionRecorded:
    return HelpingQuestionRecorded(
        case_id=case.id,
        case_code=case.case_code,
        helping_question_id=question.id,
        recorded_at=question.recorded_at,
    )


def _marked(case: HistoryCase, moment: HistoryMoment) -> MomentMarked:
    return MomentMarked(
        case_id=case.id,
        case_code=case.case_code,
        moment_id=moment.id,
        footage_id=moment.footage_id,
        start_s=moment.start_s,
        end_s=moment.end_s,
        principles=list(canonical_principles(tuple(moment.principles))),
        kind=moment.kind,
        helping_question_id=moment.helping_question_id,
    )


def _closed(case: HistoryCase, closure: CaseClosure) -> CaseClosed:
    return CaseClosed(
        case_id=case.id,
        case_code=case.case_code,
        closed_on=closure.closed_on,
        reason=closure.reason,
        self_rating_end=closure.self_rating_end,
    )


def _opened(case: HistoryCase, site_id: str) -> CaseOpened:
    return CaseOpened(
        case_id=case.id,
        case_code=case.case_code,
        practitioner_id=case.practitioner_id,
        site_id=site_id,
        opened_on=case.opened_on,
        delivery_setting=case.delivery_setting,
        children_ages=[c.age for c in case.children],
        caregiver_count=len(case.caregivers),
        self_rating_start=case.self_rating_start,
    )


def _session(
    case: HistoryCase, session: HistorySession, moments: dict[UUID, HistoryMoment]
) -> SessionRecorded:
    clips = [
        ShownClip(
            moment_id=m,
            kind=MomentKind(moments[m].kind),
            helping_question_id=moments[m].helping_question_id,
        )
        for m in session.clips_shown
    ]
    return SessionRecorded(
        case_id=case.id,
        case_code=case.case_code,
        session_id=session.id,
        kind=session.kind,
        practitioner_id=case.practitioner_id,
        held_at=session.held_at,
        duration_minutes=session.duration_minutes,
        children_present=session.children_present,
        filming_session_ref=session.filming_session_ref,
        clips_shown=clips,
        homework_agreed=homework_agreed(session.kind, session.homework),
    )


def supervision_event(supervision: HistorySupervision, tenant: Tenant) -> Staged:
    event = SupervisionRecorded(
        supervision_id=supervision.id,
        practitioner_id=supervision.practitioner_id,
        supervisor_id=supervision.supervisor_id,
        held_at=supervision.held_at,
        duration_minutes=supervision.duration_minutes,
    )
    return Staged(event, supervision.held_at, tenant, supervision.id)
