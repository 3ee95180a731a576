"""A history import's rows and events in memory, behind `service/history_ports.py`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from uuid import UUID

from spin_planner.domain.history_events import Staged
from spin_planner.service.contact_ports import Coached
from spin_planner.service.history_ports import Kind
from spin_planner.service.ports import Fields

from tests.unit.planner.fakes import FakeDirectory

UNIQUE = {"cases": ("id", "case_code")}  # the keys a row may already be present by


class FakeHistory:
    def __init__(self, directory: FakeDirectory) -> None:
        self.directory = directory
        self.rows: dict[Kind, list[Fields]] = defaultdict(list)
        self.staged: list[tuple[Staged, str]] = []

    async def practitioners(self, ids: set[str]) -> dict[str, Coached]:
        found = {}
        for practitioner_id in ids:
            practitioner = self.directory.practitioners.get(practitioner_id)
            if practitioner is not None:
                institute = self.directory.institutes[practitioner.agency_id]
                found[practitioner_id] = Coached(practitioner, institute)
        return found

    async def add(self, kind: Kind, rows: Sequence[Fields]) -> None:
        self.rows[kind].extend(rows)

    async def add_new(self, kind: Kind, rows: Sequence[Fields]) -> set[UUID]:
        inserted = set()
        for row in rows:
            keys = UNIQUE.get(kind, ("id",))
            if not any(row[k] == present[k] for present in self.rows[kind] for k in keys):
                self.rows[kind].append(row)
                inserted.add(row["id"])
        return inserted

    async def stage(self, staged: Iterable[Staged], correlation_id: str) -> int:
        before = len(self.staged)
        self.staged.extend((s, correlation_id) for s in staged)
        return len(self.staged) - before
