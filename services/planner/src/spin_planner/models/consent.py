"""Consent per purpose: filming, viewing by the supervisor, use in training."""

from __future__ import annotations

from datetime import datetime
from typing import Self
from uuid import UUID

from pydantic import AwareDatetime, Field, model_validator
from spin_contracts.events.consent import ConsentPurpose

from spin_planner.models import Body, View


class NewConsent(Body):
    purpose: ConsentPurpose
    granted_at: AwareDatetime = Field(description="when the caregiver signed")
    valid_until: AwareDatetime | None = None

    @model_validator(mode="after")
    def ends_after_it_starts(self) -> Self:
        if self.valid_until is not None and self.valid_until <= self.granted_at:
            raise ValueError("valid_until must be after granted_at")
        return self


class ConsentWithdrawal(Body):
    withdrawn_at: AwareDatetime


class ConsentView(View):
    id: UUID
    case_id: UUID
    purpose: ConsentPurpose
    granted_at: datetime
    valid_until: datetime | None
    withdrawn_at: datetime | None
