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
    HelpingQuestionRecorded,
    SessionRecorded,
    SupervisionRecorded,
)

from spin_planner.domain.commands.history import (
    PastCase,
    PastConsent,
    PastMoment,
    PastQuestion,
    PastSession,
    PastSupervision,
)
from spin_planner.domain.cycle_events import (
    case_closed,
    case_opened,
    consent_granted,
    moment_marked,
    question_recorded,
    shown_clips,
)
from spin_planner.domain.cycle_records import homework_agreed
from spin_planner.domain.principles import canonical_tags

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


def case_events(case: PastCase, tenant: Tenant) -> list[Staged]:
    """Everything the case's history announced, in the order it happened (a case's events
    share a partition, so consumers see them in this order)."""
    opened_at = datetime.combine(case.opened_on, OPENED_AT, UTC)
    moments = {m.id: m for m in case.moments}
    assert tenant.site_id is not None, "a case's tenant names its site"
    opened = case_opened(case.id, case.case_code, case.practitioner_id, tenant.site_id, case)
    staged = [Staged(opened, opened_at, tenant, case.id)]
    later = [
        *(Staged(_granted(case, c), c.granted_at, tenant, c.id) for c in case.consents),
        *(Staged(_recorded(case, q), q.recorded_at, tenant, q.id) for q in case.questions),
        *(Staged(_marked(case, m), m.marked_at, tenant, m.id) for m in case.moments),
        *(Staged(_session(case, s, moments), s.held_at, tenant, s.id) for s in case.sessions),
    ]
    staged.extend(sorted(later, key=lambda s: s.at))
    if case.closure is not None:
        closed_at = datetime.combine(case.closure.closed_on, CLOSED_AT, UTC)
        closed = case_closed(case.id, case.case_code, case.closure)
        staged.append(Staged(closed, closed_at, tenant, case.id))
    return staged


def _granted(case: PastCase, consent: PastConsent) -> ConsentGranted:
    return consent_granted(consent.id, case.case_code, consent)


def _recorded(case: PastCase, question: PastQuestion) -> HelpingQuestionRecorded:
    return question_recorded(case.id, case.case_code, question.id, question.recorded_at)


def _marked(case: PastCase, moment: PastMoment) -> MomentMarked:
    principles = list(canonical_principles(tuple(moment.principles)))
    return moment_marked(case.id, case.case_code, moment.id, moment, principles)


def _session(
    case: PastCase, session: PastSession, moments: dict[UUID, PastMoment]
) -> SessionRecorded:
    clips = shown_clips(moments[m] for m in session.clips_shown)
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


def supervision_event(supervision: PastSupervision, tenant: Tenant) -> Staged:
    event = SupervisionRecorded(
        supervision_id=supervision.id,
        practitioner_id=supervision.practitioner_id,
        supervisor_id=supervision.supervisor_id,
        held_at=supervision.held_at,
        duration_minutes=supervision.duration_minutes,
    )
    return Staged(event, supervision.held_at, tenant, supervision.id)
