"""The stored facts of one case that the fidelity indicators are computed from.

Plain data, no I/O: the read model loads these from the portal schema, tests build them by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class ShownClipFact:
    strength: bool
    linked_to_helping_question: bool


@dataclass(frozen=True)
class SessionFact:
    kind: str
    held_at: datetime
    duration_minutes: int
    children_present: bool | None = None
    homework_agreed: bool | None = None
    clips_shown: tuple[ShownClipFact, ...] = ()


@dataclass(frozen=True)
class ConsentFact:
    purpose: str
    granted_at: datetime | None
    valid_until: datetime | None = None
    withdrawn_at: datetime | None = None

    def holds_at(self, moment: datetime) -> bool:
        """True when this consent was granted, not expired and not withdrawn at `moment`."""
        if self.granted_at is None or self.granted_at > moment:
            return False
        if self.valid_until is not None and self.valid_until < moment:
            return False
        return self.withdrawn_at is None or self.withdrawn_at > moment


@dataclass(frozen=True)
class FootageFact:
    footage_id: str
    filmed_at: datetime | None
    uploaded_at: datetime | None
    failed_reason: str | None = None  # English, as the event carried it
    transcoded: bool = False
    failure: dict[str, Any] | None = None  # its code and values (footage.failed), to word


@dataclass(frozen=True)
class CaseFacts:
    case_code: str
    opened_on: date | None
    closed_on: date | None = None
    close_reason: str | None = None
    helping_questions_at: tuple[datetime, ...] = ()
    sessions: tuple[SessionFact, ...] = ()
    consents: tuple[ConsentFact, ...] = ()
    footage: tuple[FootageFact, ...] = ()
    apprenticeship_started_on: date | None = None
    supervisions_on: tuple[date, ...] = field(default_factory=tuple)

    def filmings(self) -> list[SessionFact]:
        return sorted((s for s in self.sessions if s.kind == "filming"), key=lambda s: s.held_at)

    def reviews(self) -> list[SessionFact]:
        return sorted(
            (s for s in self.sessions if s.kind == "shared_review"), key=lambda s: s.held_at
        )

    def last_activity(self) -> date | None:
        """The case's end, or for an open case its last recorded session: the facts' horizon."""
        if self.closed_on is not None:
            return self.closed_on
        if self.sessions:
            last = max(s.held_at for s in self.sessions).date()
            # Sessions come on the institute's clock (`adapters.case_facts`), but a clock
            # changed later, or a practitioner's own, may put one before the opening day.
            return last if self.opened_on is None else max(last, self.opened_on)
        return None
