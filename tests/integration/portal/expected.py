"""Indicator figures computed straight from a list of events, without the read model.

Tests compare what the portal stored and shows against this independent path.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from spin_contracts.events import consent, directory, footage, planner
from spin_contracts.events.envelope import Envelope, Event
from spin_portal.domain.facts import CaseFacts, ConsentFact, FootageFact, SessionFact, ShownClipFact
from spin_portal.domain.indicators import evaluate
from spin_portal.domain.outcomes import Outcome
from spin_portal.domain.reasons import Reason
from spin_portal.domain.rollup import Tally
from spin_portal.domain.thresholds import Thresholds
from spin_portal.web.indicator_reasons import shown_reason


@dataclass
class _Case:
    agency_id: str = ""
    practitioner_id: str = ""
    site_id: str = ""
    facts: dict[str, Any] = field(default_factory=lambda: defaultdict(list))
    opened_on: date | None = None
    closed_on: date | None = None
    close_reason: str | None = None


@dataclass
class Expected:
    outcomes: dict[str, dict[str, tuple[str, str]]]
    agency_of: dict[str, str]
    site_of: dict[str, str]
    opened_on: dict[str, date]
    reasons: dict[str, dict[str, Reason]] = field(default_factory=dict)

    def shown_reason(self, code: str, indicator: str) -> str:
        """The reason as an English page shows it (Babel's dates, close reasons by word)."""
        return shown_reason(self.reasons[code][indicator])

    def tallies(self, agency_id: str | None = None, site_id: str | None = None) -> dict[str, Tally]:
        totals: dict[str, Tally] = defaultdict(Tally)
        for code, outcomes in self.outcomes.items():
            if agency_id and self.agency_of[code] != agency_id:
                continue
            if site_id and self.site_of[code] != site_id:
                continue
            for indicator, (outcome, _) in outcomes.items():
                applicable = outcome != Outcome.NOT_APPLICABLE.value
                totals[indicator] += Tally(int(applicable), int(outcome == Outcome.PASS.value))
        return dict(totals)

    def case_count(self, agency_id: str) -> int:
        return sum(1 for a in self.agency_of.values() if a == agency_id)


def expected_from(events: list[tuple[Envelope, Event]]) -> Expected:
    cases, apprenticeship, supervisions = _collected(events)
    outcomes: dict[str, dict[str, tuple[str, str]]] = {}
    reasons: dict[str, dict[str, Reason]] = {}
    for code, case in cases.items():
        if case.opened_on is None:
            continue
        facts = _facts_of(code, case, apprenticeship, supervisions)
        results = evaluate(facts, Thresholds())
        outcomes[code] = {r.indicator: (r.outcome.value, r.reason.english()) for r in results}
        reasons[code] = {r.indicator: r.reason for r in results}
    return Expected(
        outcomes,
        {c: cases[c].agency_id for c in outcomes},
        {c: cases[c].site_id for c in outcomes},
        {c: cases[c].opened_on for c in outcomes if cases[c].opened_on},  # type: ignore[misc]
        reasons,
    )


def _collected(
    events: list[tuple[Envelope, Event]],
) -> tuple[dict[str, _Case], dict[str, date | None], dict[str, list[date]]]:
    """Each case's facts, each practitioner's apprenticeship and supervisions (once per event)."""
    seen: set[Any] = set()
    cases: dict[str, _Case] = defaultdict(_Case)
    apprenticeship: dict[str, date | None] = {}
    supervisions: dict[str, list[date]] = defaultdict(list)
    for envelope, event in events:
        if envelope.event_id in seen:
            continue
        seen.add(envelope.event_id)
        match event:
            case directory.PractitionerRegistered():
                apprenticeship[event.practitioner_id] = event.apprenticeship_started_on
            case planner.SupervisionRecorded():
                supervisions[event.practitioner_id].append(event.held_at.date())
            case planner.CaseOpened():
                case = cases[event.case_code]
                case.agency_id = envelope.tenant.agency_id or ""
                case.practitioner_id, case.site_id = event.practitioner_id, event.site_id
                case.opened_on = event.opened_on
            case planner.CaseClosed():
                cases[event.case_code].closed_on = event.closed_on
                cases[event.case_code].close_reason = event.reason
            case planner.HelpingQuestionRecorded():
                cases[event.case_code].facts["questions"].append(event.recorded_at)
            case planner.SessionRecorded():
                cases[event.case_code].facts["sessions"].append(_session_fact(event))
            case consent.ConsentGranted():
                cases[event.case_code].facts["consents"].append(
                    ConsentFact(event.purpose.value, event.granted_at, event.valid_until)
                )
            case footage.FootageUploaded():
                cases[event.case_code].facts["uploads"].append(event)
            case footage.FootageFailed():
                cases[event.case_code].facts["failed"].append(event)
    return cases, apprenticeship, supervisions


def _session_fact(event: planner.SessionRecorded) -> SessionFact:
    clips = tuple(
        ShownClipFact(c.kind is planner.MomentKind.STRENGTH, c.helping_question_id is not None)
        for c in event.clips_shown
    )
    return SessionFact(
        event.kind.value,
        event.held_at,
        event.duration_minutes,
        event.children_present,
        event.homework_agreed,
        clips,
    )


def _facts_of(
    code: str,
    case: _Case,
    apprenticeship: dict[str, date | None],
    supervisions: dict[str, list[date]],
) -> CaseFacts:
    failed = {f.footage_id: f for f in case.facts["failed"]}
    return CaseFacts(
        case_code=code,
        opened_on=case.opened_on,
        closed_on=case.closed_on,
        close_reason=case.close_reason,
        helping_questions_at=tuple(case.facts["questions"]),
        sessions=tuple(case.facts["sessions"]),
        consents=tuple(case.facts["consents"]),
        footage=tuple(footage_fact(u, failed.get(u.footage_id)) for u in case.facts["uploads"]),
        apprenticeship_started_on=apprenticeship.get(case.practitioner_id),
        supervisions_on=tuple(sorted(supervisions[case.practitioner_id])),
    )


def footage_fact(
    uploaded: footage.FootageUploaded, failed: footage.FootageFailed | None
) -> FootageFact:
    """An upload as the read model keeps it: the English words and the code of its failure."""
    why = None if failed is None else failed.failure()
    return FootageFact(
        str(uploaded.footage_id),
        uploaded.filmed_at,
        uploaded.uploaded_at,
        None if failed is None else failed.reason,
        failure=None if why is None else why.kept(),
    )
