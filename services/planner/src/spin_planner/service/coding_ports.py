"""What the two codings of one footage need from storage (see `service/coding.py`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from spin_planner.domain.agreement import Coded
from spin_planner.domain.records import Agreement, CodedMoment
from spin_planner.service.ports import Fields, Outgoing


@dataclass(frozen=True, slots=True)
class Coding:
    """One coder's coding of a footage: when they finished, and (for the supervisor) when
    they chose to see the apprentice's moments instead."""

    role: str
    done_at: datetime | None
    moments_seen_at: datetime | None


class CodingStore(Protocol):
    async def codings(self, footage_id: UUID, coder_ids: list[str]) -> list[Coding]: ...

    async def mark(self, fields: Fields, when: Mapping[str, datetime]) -> None:
        """Record the coder's `when` (done_at or moments_seen_at); an earlier time stays."""

    async def lock_footage(self, footage_id: UUID) -> None:
        """Hold the footage's row until the unit of work ends."""

    async def supervisor_moments(self, footage_id: UUID, supervisor_id: str) -> list[CodedMoment]:
        """In the order they start."""

    async def code(self, fields: Fields) -> CodedMoment: ...

    async def uncode(self, moment_id: UUID, supervisor_id: str) -> bool:
        """Whether the supervisor's moment was there to remove."""

    async def apprentice_moments(self, case_id: UUID, footage_id: UUID) -> list[Coded]: ...

    async def agreement(self, footage_id: UUID, supervisor_id: str) -> Agreement | None: ...

    async def agreement_recorded(self, footage_id: UUID, supervisor_id: str) -> bool: ...

    async def record_agreement(self, fields: Fields, outgoing: Outgoing) -> None: ...
