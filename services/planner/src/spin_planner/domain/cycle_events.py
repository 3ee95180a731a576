"""The events of a case's cycle, built one way whether a use case records the step now or a
history import brings in the same step recorded earlier."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol
from uuid import UUID

from spin_contracts.events.analysis import MomentMarked
from spin_contracts.events.consent import ConsentGranted
from spin_contracts.events.planner import (
    CaseClosed,
    CaseOpened,
    HelpingQuestionRecorded,
    MomentKind,
    ShownClip,
)

from spin_planner.domain.commands.cases import CaseClosure, NewCase, NewConsent
from spin_planner.domain.commands.history import PastCase
from spin_planner.domain.commands.moments import NewMoment


def case_opened(
    case_id: UUID, case_code: str, practitioner_id: str, site_id: str, new: NewCase | PastCase
) -> CaseOpened:
    """The opening of the case `new` describes: ages and a count of the family, no names."""
    return CaseOpened(
        case_id=case_id,
        case_code=case_code,
        practitioner_id=practitioner_id,
        site_id=site_id,
        opened_on=new.opened_on,
        delivery_setting=new.delivery_setting,
        children_ages=[c.age for c in new.children],
        caregiver_count=len(new.caregivers),
        self_rating_start=new.self_rating_start,
    )


def case_closed(case_id: UUID, case_code: str, closure: CaseClosure) -> CaseClosed:
    return CaseClosed(
        case_id=case_id,
        case_code=case_code,
        closed_on=closure.closed_on,
        reason=closure.reason,
        self_rating_end=closure.self_rating_end,
    )


def consent_granted(consent_id: UUID, case_code: str, consent: NewConsent) -> ConsentGranted:
    return ConsentGranted(
        consent_id=consent_id,
        case_code=case_code,
        purpose=consent.purpose,
        granted_at=consent.granted_at,
        valid_until=consent.valid_until,
    )


def question_recorded(
    case_id: UUID, case_code: str, question_id: UUID, recorded_at: datetime
) -> HelpingQuestionRecorded:
    return HelpingQuestionRecorded(
        case_id=case_id,
        case_code=case_code,
        helping_question_id=question_id,
        recorded_at=recorded_at,
    )


def moment_marked(
    case_id: UUID,
    case_code: str,
    moment_id: UUID,
    moment: NewMoment,
    principles: list[str],
) -> MomentMarked:
    """The marking of `moment`, with its `principles` as canonical ids."""
    return MomentMarked(
        case_id=case_id,
        case_code=case_code,
        moment_id=moment_id,
        footage_id=moment.footage_id,
        start_s=moment.start_s,
        end_s=moment.end_s,
        principles=principles,
        kind=moment.kind,
        helping_question_id=moment.helping_question_id,
    )


class Marked(Protocol):
    """A moment as a shared review's clip recalls it."""

    @property
    def id(self) -> UUID: ...
    @property
    def kind(self) -> str: ...
    @property
    def helping_question_id(self) -> UUID | None: ...


def shown_clips(moments: Iterable[Marked]) -> list[ShownClip]:
    """The clips a shared review showed of `moments`, in showing order."""
    return [
        ShownClip(
            moment_id=m.id, kind=MomentKind(m.kind), helping_question_id=m.helping_question_id
        )
        for m in moments
    ]
