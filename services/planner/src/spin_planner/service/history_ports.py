"""What importing work recorded earlier needs from storage (see `service/history.py`): many
rows of one kind per call, and the batch's events staged together."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal, Protocol
from uuid import UUID

from spin_planner.domain.history_events import Staged
from spin_planner.service.contact_ports import Coached
from spin_planner.service.ports import Fields

# The kinds of rows an import writes.
Kind = Literal[
    "cases", "consents", "helping_questions", "footage", "moments", "sessions", "supervisions"
]


class HistoryStore(Protocol):
    async def practitioners(self, ids: set[str]) -> dict[str, Coached]:
        """Those of `ids` registered, with the institute of their agency."""

    async def add(self, kind: Kind, rows: Sequence[Fields]) -> None:
        """Rows that cannot be present yet (parts of cases inserted in this batch)."""

    async def add_new(self, kind: Kind, rows: Sequence[Fields]) -> set[UUID]:
        """The rows not present yet (by any unique key); the ids of those inserted."""

    async def stage(self, staged: Iterable[Staged], correlation_id: str) -> int:
        """Stage the events in the outbox under one correlation id; how many."""
