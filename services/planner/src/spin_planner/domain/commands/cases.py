"""Commands of a case's intake: opening, editing and closing it, consents, helping
questions and legal holds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from spin_contracts.events.consent import ConsentPurpose
from spin_contracts.events.planner import DeliverySetting, HelpingQuestionStatus


@dataclass(frozen=True, slots=True, kw_only=True)
class Caregiver:
    relation: str
    age: int | None = None
    name: str | None = None  # stays in the planner


@dataclass(frozen=True, slots=True, kw_only=True)
class Child:
    age: int
    name: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class NewCase:
    case_code: str | None = None  # only the service role names one
    practitioner_id: str | None = None  # defaults to the calling practitioner
    delivery_setting: DeliverySetting
    caregivers: list[Caregiver]
    children: list[Child]
    opened_on: date
    self_rating_start: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CaseEdit:
    """Only the fields given (not None) change."""

    practitioner_id: str | None = None
    delivery_setting: DeliverySetting | None = None
    caregivers: list[Caregiver] | None = None
    children: list[Child] | None = None
    self_rating_start: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CaseClosure:
    closed_on: date
    reason: str
    self_rating_end: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class NewConsent:
    purpose: ConsentPurpose
    granted_at: datetime
    valid_until: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ConsentWithdrawal:
    withdrawn_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class NewHelpingQuestion:
    words: str
    goals: list[str]
    recorded_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class HelpingQuestionEdit:
    """Only the fields given (not None) change."""

    words: str | None = None
    goals: list[str] | None = None
    status: HelpingQuestionStatus | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class NewHold:
    reason: str
