"""Consent per purpose, published by the planner; ingest keeps its own view of it."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import ClassVar
from uuid import UUID

from pydantic import ConfigDict, Field

from spin_contracts.events.envelope import Event, register
from spin_contracts.topics import Topic

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

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "consent_id": "7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c07",
                    "case_code": "US-BOS-0042",
                    "purpose": "filming",
                    "granted_at": "2026-03-02T10:00:00Z",
                    "valid_until": None,
                }
            ]
        }
    )
    event_type: ClassVar[str] = "consent.granted"
    granted_at: datetime
    valid_until: datetime | None = None


@register
class ConsentWithdrawn(_ConsentEvent):
    """A consent was withdrawn: from `withdrawn_at` on it no longer holds."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "consent_id": "7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c07",
                    "case_code": "US-BOS-0042",
                    "purpose": "filming",
                    "withdrawn_at": "2026-05-10T14:30:00Z",
                }
            ]
        }
    )
    event_type: ClassVar[str] = "consent.withdrawn"
    withdrawn_at: datetime
