"""Consent per purpose, published by the planner; ingest keeps its own view of it."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import ClassVar
from uuid import UUID

from pydantic import Field

from spincore.events.envelope import Event, register
from spincore.topics import Topic

CASE_CODE = r"^[A-Z0-9][A-Z0-9-]{2,31}$"


class ConsentPurpose(StrEnum):
    FILMING = "filming"
    SUPERVISION_VIEWING = "supervision_viewing"
    TRAINING = "training"


class _ConsentEvent(Event):
    topic: ClassVar[str] = Topic.CONSENT
    consent_id: UUID
    case_code: str = Field(pattern=CASE_CODE)
    purpose: ConsentPurpose

    def partition_key(self) -> str:
        return self.case_code


@register
class ConsentGranted(_ConsentEvent):
    """A caregiver consented to one purpose for one case, from `granted_at` on."""

    event_type: ClassVar[str] = "consent.granted"
    granted_at: datetime
    valid_until: datetime | None = None


@register
class ConsentWithdrawn(_ConsentEvent):
    """A consent was withdrawn: from `withdrawn_at` on it no longer holds."""

    event_type: ClassVar[str] = "consent.withdrawn"
    withdrawn_at: datetime
