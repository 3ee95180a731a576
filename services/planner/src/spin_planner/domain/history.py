"""Checks of an imported case history (pure): what the API checks, except what concerns now.

A history is recorded after the fact, so its times are in the past and a closed case still
has its sessions; but its parts must fit together as if each had been recorded in turn.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from uuid import UUID

from spin_contracts.events.planner import SessionKind

from spin_planner.domain import timeline
from spin_planner.domain.commands.history import PastCase, PastFootage, PastMoment, PastSession
from spin_planner.domain.errors import ImpossibleTimeline, InvalidInput
from spin_planner.domain.principles import canonical_tags


def check_case(case: PastCase) -> None:
    """Raise a PlannerError naming the first part of `case` that contradicts another."""
    _unique((c.id for c in case.consents), "consents")
    _unique((q.id for q in case.questions), "questions")
    _unique((f.id for f in case.footage), "footage")
    _unique((m.id for m in case.moments), "moments")
    _unique((s.id for s in case.sessions), "sessions")
    if case.closure is not None:
        timeline.not_before_opening(
            case.closure.closed_on, case.opened_on, what="the closing date", field="closure"
        )
    for n, question in enumerate(case.questions):
        timeline.not_before_opening(
            question.recorded_at,
            case.opened_on,
            what="the helping question",
            field=f"questions[{n}]",
        )
    _check_sessions(case)
    _check_footage(case)
    footage = {f.id: f for f in case.footage}
    asked = {q.id: q.recorded_at for q in case.questions}
    for n, moment in enumerate(case.moments):
        _check_moment(moment, footage, asked, f"moments[{n}]")


def _unique(ids: Iterable[UUID], field: str) -> None:
    seen: set[UUID] = set()
    for value in ids:
        if value in seen:
            raise InvalidInput("the id %(id)s is given twice", field=field, id=value)
        seen.add(value)


def _check_sessions(case: PastCase) -> None:
    filmed = [s.held_at for s in case.sessions if s.kind is SessionKind.FILMING]
    refs: set[str] = set()
    moments = {m.id: m.marked_at for m in case.moments}
    for n, session in enumerate(case.sessions):
        field = f"sessions[{n}]"
        timeline.not_before_opening(
            session.held_at, case.opened_on, what="the session", field=field
        )
        if case.closure is not None and session.held_at.date() > case.closure.closed_on:
            raise ImpossibleTimeline("the session is after the case was closed", field=field)
        if session.kind is SessionKind.FILMING:
            _check_filming(session, refs, field)
        elif session.clips_shown and session.kind is not SessionKind.SHARED_REVIEW:
            raise InvalidInput("only a shared review shows clips", field=field)
        if session.kind is SessionKind.SHARED_REVIEW:
            timeline.review_follows_filming(session.held_at, filmed)
        missing = [str(m) for m in session.clips_shown if m not in moments]
        if missing:
            raise InvalidInput(
                "these moments are not marked in this case: %(moments)s",
                field=field,
                moments=", ".join(missing),
            )
        if any(moments[m] > session.held_at for m in session.clips_shown):
            raise ImpossibleTimeline("a moment shown was marked after the session", field=field)


def _check_filming(session: PastSession, refs: set[str], field: str) -> None:
    if session.filming_session_ref is None or session.children_present is None:
        raise InvalidInput(
            "a filming session needs its filming_session_ref and children_present", field=field
        )
    if session.filming_session_ref in refs:
        raise InvalidInput(
            "the filming session ref %(ref)r is used twice",
            field=field,
            ref=session.filming_session_ref,
        )
    refs.add(session.filming_session_ref)


def _check_footage(case: PastCase) -> None:
    filmed = {s.filming_session_ref: s.held_at for s in case.sessions}
    for n, footage in enumerate(case.footage):
        held_at = filmed.get(footage.filming_session_ref)
        if held_at is None:
            raise InvalidInput(
                "the footage names no filming session of this case", field=f"footage[{n}]"
            )
        if footage.uploaded_at < footage.filmed_at:
            raise ImpossibleTimeline(
                "the footage was uploaded before it was filmed", field=f"footage[{n}]"
            )


def _check_moment(
    moment: PastMoment,
    footage_of_case: dict[UUID, PastFootage],
    asked: dict[UUID, datetime],
    field: str,
) -> None:
    footage = footage_of_case.get(moment.footage_id)
    if footage is None:
        raise InvalidInput("no such footage for this case", field=f"{field}.footage_id")
    if footage.duration_s is None:
        raise InvalidInput("the footage failed: moments cannot be marked on it", field=field)
    timeline.moment_within_footage(moment.start_s, moment.end_s, footage.duration_s)
    if moment.marked_at < footage.uploaded_at:
        raise ImpossibleTimeline("the moment was marked before its footage arrived", field=field)
    if moment.helping_question_id is not None:
        recorded_at = asked.get(moment.helping_question_id)
        if recorded_at is None:
            raise InvalidInput(
                "no such helping question for this case", field=f"{field}.helping_question_id"
            )
        if recorded_at > moment.marked_at:
            raise ImpossibleTimeline(
                "the moment names a helping question recorded after it", field=field
            )
    canonical_tags(moment.principles, field=f"{field}.principles")
