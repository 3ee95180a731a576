"""What the planner's footage needs from storage: the case's footage its use cases read
(`FootageStore`), and the rows that ingest's and transcode's events move on (`FootageFacts`,
one batch of events each)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from spin_contracts.events.footage import FootageErased

from spin_planner.domain.cycle_records import Case, Footage
from spin_planner.domain.footage import FootageStatus


class FootageStore(Protocol):
    async def of_case(self, case: Case) -> list[Footage]:
        """In the order it was uploaded."""

    async def in_case(self, case: Case, footage_id: UUID) -> Footage | None: ...


class FootageFacts(Protocol):
    async def status_for_update(
        self, footage_id: UUID, case_code: str, incoming: FootageStatus
    ) -> FootageStatus | None:
        """The footage's status, its row created at `incoming` if this is the first word of
        it, and held until the batch commits; None if the row has no status."""

    async def move(
        self, footage_id: UUID, status: FootageStatus, fields: Mapping[str, Any]
    ) -> None:
        """Set the footage's status and `fields`."""

    async def raw_erased(self, footage_id: UUID, at: datetime) -> None: ...

    async def clips_erased(self, event: FootageErased) -> None:
        """Training marks and plans' clip lists drop the clips the erasure took."""

    async def clip_requests_erased(self, footage_id: UUID) -> None:
        """The footage's clip requests have nothing left to play."""

    async def clip_request(self, request_id: UUID, values: Mapping[str, Any]) -> None:
        """Set `values` on the clip request (an unknown request changes nothing)."""

    async def clip_progress(self, request_id: UUID, clips_done: int) -> None:
        """Count the request's clips done: never backwards, never once it ended."""
