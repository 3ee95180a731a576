"""A realistic 18-month history: cases with their consents, helping questions, filming,
footage, moments and shared reviews, and the supervision of apprentices.

Deterministic for a seed (ids included, so importing twice changes nothing). Each agency gets
its own fidelity profile, so the dashboards show differences worth explaining.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID

from spin_contracts.events import consent, planner
from spin_planner.domain.vocabulary import LEVELS
from spin_planner.models.cases import Caregiver, CaseClosure, Child
from spin_planner.models.history import (
    HistoryCase,
    HistoryConsent,
    HistoryFootage,
    HistoryMoment,
    HistoryQuestion,
    HistorySession,
    HistorySupervision,
)

from spin_demo.directory import Directory, Place, Practitioner, Sizes, directory

CLOSE_REASONS = ("completed", "completed", "completed", "goals_reached", "family_moved")
CAREGIVERS = ("mother", "father", "foster parent", "grandparent")
QUESTIONS = (
    "How can I stay calm when she cries at bedtime?",
    "How do I get him to listen without shouting?",
    "How can we enjoy playing together again?",
    "How do I help my son tell me what he feels?",
)
FOOTAGE_S = 600.0
PRINCIPLES = [level.key for level in LEVELS]


@dataclass(frozen=True)
class Filmed:
    """A filming's footage and when the pipeline was done with it (ready or failed)."""

    footage: HistoryFootage
    done_at: datetime

    @property
    def ready(self) -> bool:
        return self.footage.duration_s is not None


@dataclass
class CaseHistory:
    case: HistoryCase
    place: Place
    filmed: list[Filmed] = field(default_factory=list)


@dataclass
class Generator:
    sizes: Sizes
    seed: int = 7

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)  # noqa: S311 - reproducible demo data
        self.directory: Directory = directory(self.sizes, self.rng)
        self.quality = {a: 0.55 + 0.43 * self.rng.random() for a, _, _ in self.directory.agencies}

    def uuid(self) -> UUID:
        return UUID(int=self.rng.getrandbits(128), version=4)

    def cases(self) -> Iterator[CaseHistory]:
        sizes, guides = self.sizes, self.directory.guides
        window = (sizes.end - sizes.start).days
        for n in range(sizes.cases):
            guide = guides[n % len(guides)]
            opened = sizes.start + timedelta(days=self.rng.randrange(0, max(1, window - 7)))
            yield self.case(f"C{n + 1:06d}", guide, opened)

    def supervisions(self) -> Iterator[HistorySupervision]:
        for guide in self.directory.guides:
            if guide.apprenticeship_started_on and guide.supervisor_id:
                yield from self._supervisions(guide, guide.apprenticeship_started_on)

    def case(self, code: str, guide: Practitioner, opened: date) -> CaseHistory:
        rng, q = self.rng, self.quality[guide.place.agency_id]
        day0 = datetime.combine(opened, time(9), UTC)
        history = CaseHistory(
            HistoryCase(
                id=self.uuid(),
                case_code=code,
                practitioner_id=guide.id,
                delivery_setting=rng.choice(list(planner.DeliverySetting)),
                caregivers=[Caregiver(relation=rng.choice(CAREGIVERS))],
                children=[Child(age=rng.randrange(0, 17))],
                opened_on=opened,
                self_rating_start=rng.randrange(2, 7),
            ),
            guide.place,
        )
        case = history.case
        consent_at = day0 + timedelta(hours=1 if rng.random() < q + 0.1 else 24 * 10)
        purposes = [consent.ConsentPurpose.FILMING]
        if rng.random() < 0.5:
            purposes.append(consent.ConsentPurpose.SUPERVISION_VIEWING)
        case.consents.extend(
            HistoryConsent(id=self.uuid(), purpose=p, granted_at=consent_at) for p in purposes
        )
        asked = day0 + timedelta(days=1 if rng.random() < q + 0.05 else 12)
        question = HistoryQuestion(id=self.uuid(), words=rng.choice(QUESTIONS), recorded_at=asked)
        case.questions.append(question)
        self._weeks(history, day0, q)
        return history

    def _weeks(self, history: CaseHistory, day0: datetime, q: float) -> None:
        rng, end = self.rng, self.sizes.end
        weeks = max(2, round(rng.gauss(25 if rng.random() < q else 14, 6)))
        # A diligent practitioner rarely slips in a given week; the agency sets how many are.
        diligence = 0.997 if rng.random() < q else 0.8
        last = day0
        for week in range(weeks):
            filmed = day0 + timedelta(days=7 * week + 2, hours=rng.randrange(0, 6))
            if filmed.date() > end:
                return
            self._filming(history, filmed, diligence)
            last = max(last, filmed)
            if rng.random() < diligence:
                reviewed = filmed + timedelta(
                    days=rng.choice((2, 3, 4, 5, 6) if rng.random() < diligence else (9, 11))
                )
                if reviewed.date() <= end:
                    self._review(history, reviewed, diligence)
                    last = max(last, reviewed)
        closed = (last + timedelta(days=3)).date()
        if closed <= end:
            history.case.closure = CaseClosure(
                closed_on=closed,
                reason=rng.choice(CLOSE_REASONS),
                self_rating_end=rng.randrange(5, 10),
            )

    def _filming(self, history: CaseHistory, at: datetime, q: float) -> None:
        rng = self.rng
        ref = f"film-{self.uuid().hex[:12]}"
        history.case.sessions.append(
            HistorySession(
                id=self.uuid(),
                kind=planner.SessionKind.FILMING,
                held_at=at,
                duration_minutes=rng.choice((45, 60, 60, 75)) if rng.random() < q else 30,
                children_present=rng.random() < q + 0.15,
                filming_session_ref=ref,
            )
        )
        uploaded = at + timedelta(
            hours=rng.randrange(1, 30) if rng.random() < q + 0.1 else rng.randrange(50, 120)
        )
        done = uploaded + timedelta(minutes=rng.randrange(3, 40))
        ready = rng.random() < 0.97
        footage = HistoryFootage(
            id=self.uuid(),
            filming_session_ref=ref,
            filmed_at=at,
            uploaded_at=uploaded,
            duration_s=FOOTAGE_S if ready else None,
            failure_stage=None if ready else "probe",
            failure_reason=None if ready else "the file is not a readable video",
        )
        history.case.footage.append(footage)
        history.filmed.append(Filmed(footage, done))

    def _review(self, history: CaseHistory, at: datetime, q: float) -> None:
        """Moments marked on the newest footage ready in time, then shown to the parent."""
        rng, case = self.rng, history.case
        ready = [f for f in history.filmed if f.ready and f.done_at + timedelta(hours=1) <= at]
        shown: list[UUID] = []
        if ready:
            newest = ready[-1]
            marked_at = max(newest.done_at + timedelta(hours=1), at - timedelta(days=1))
            for _ in range(rng.randrange(2, 5)):
                moment = self._moment(case, newest.footage.id, marked_at, q)
                case.moments.append(moment)
                shown.append(moment.id)
        case.sessions.append(
            HistorySession(
                id=self.uuid(),
                kind=planner.SessionKind.SHARED_REVIEW,
                held_at=at,
                duration_minutes=rng.choice((45, 60)),
                clips_shown=shown,
                homework="play together ten minutes a day" if rng.random() < q + 0.1 else None,
            )
        )

    def _moment(self, case: HistoryCase, footage_id: UUID, at: datetime, q: float) -> HistoryMoment:
        rng = self.rng
        start = round(rng.uniform(0, FOOTAGE_S - 45), 1)
        strength = rng.random() < q + 0.12
        question, about_it = case.questions[0], rng.random() < q + 0.15
        return HistoryMoment(
            id=self.uuid(),
            footage_id=footage_id,
            start_s=start,
            end_s=start + rng.randrange(5, 40),
            principles=rng.sample(PRINCIPLES, 2),
            kind=planner.MomentKind.STRENGTH if strength else planner.MomentKind.WORKING_POINT,
            helping_question_id=question.id if about_it and question.recorded_at <= at else None,
            marked_at=at,
        )

    def _supervisions(self, guide: Practitioner, started: date) -> Iterator[HistorySupervision]:
        rng, q = self.rng, self.quality[guide.place.agency_id]
        assert guide.supervisor_id is not None
        day, last = started, min(self.sizes.end, started + timedelta(days=548))
        while True:
            gap = rng.randrange(20, 31) if rng.random() < q + 0.1 else rng.randrange(35, 60)
            day += timedelta(days=gap)
            if day > last:
                return
            yield HistorySupervision(
                id=self.uuid(),
                practitioner_id=guide.id,
                supervisor_id=guide.supervisor_id,
                held_at=datetime.combine(day, time(14), UTC),
                duration_minutes=90,
            )
