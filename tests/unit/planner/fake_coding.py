"""In-memory codings of footage and their agreements, behind `service/coding_ports.py`."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from uuid import UUID

from spin_contracts.events.coaching import PrincipleFigure
from spin_planner.adapters.records import record
from spin_planner.domain.agreement import Coded
from spin_planner.domain.records import Agreement, CodedMoment
from spin_planner.service.coding_ports import Coding
from spin_planner.service.ports import Fields, Outgoing

from tests.unit.planner.fake_parts import FakeMoments, FakeOutbox


class FakeCoding:
    def __init__(self, outbox: FakeOutbox, moments: FakeMoments) -> None:
        self.outbox, self.moments = outbox, moments
        self.by_coder: dict[tuple[UUID, str], Coding] = {}  # footage, coder
        self.coded: dict[UUID, CodedMoment] = {}
        self.agreements: dict[tuple[UUID, str], Agreement] = {}  # footage, supervisor
        self.locked: set[UUID] = set()  # footage

    async def codings(self, footage_id: UUID, coder_ids: list[str]) -> list[Coding]:
        return [
            c for (f, coder), c in self.by_coder.items() if f == footage_id and coder in coder_ids
        ]

    async def mark(self, fields: Fields, when: Mapping[str, datetime]) -> None:
        key = (fields["footage_id"], fields["coder_id"])
        was = self.by_coder.get(key, Coding(fields["role"], None, None))
        kept = {name: getattr(was, name) or at for name, at in when.items()}
        self.by_coder[key] = Coding(
            was.role,
            kept.get("done_at", was.done_at),
            kept.get("moments_seen_at", was.moments_seen_at),
        )

    async def lock_footage(self, footage_id: UUID) -> None:
        self.locked.add(footage_id)

    async def supervisor_moments(self, footage_id: UUID, supervisor_id: str) -> list[CodedMoment]:
        found = [
            m
            for m in self.coded.values()
            if (m.footage_id, m.coder_id) == (footage_id, supervisor_id)
        ]
        return sorted(found, key=lambda m: m.start_s)

    async def code(self, fields: Fields) -> CodedMoment:
        moment = record(CodedMoment, fields)
        self.coded[moment.id] = moment
        return moment

    async def uncode(self, moment_id: UUID, supervisor_id: str) -> bool:
        moment = self.coded.get(moment_id)
        if moment is None or moment.coder_id != supervisor_id:
            return False
        del self.coded[moment_id]
        return True

    async def apprentice_moments(self, case_id: UUID, footage_id: UUID) -> list[Coded]:
        return [
            Coded(m.start_s, m.end_s, tuple(m.principles))
            for m in self.moments.rows.values()
            if (m.case_id, m.footage_id) == (case_id, footage_id)
        ]

    async def agreement(self, footage_id: UUID, supervisor_id: str) -> Agreement | None:
        return self.agreements.get((footage_id, supervisor_id))

    async def agreement_recorded(self, footage_id: UUID, supervisor_id: str) -> bool:
        return (footage_id, supervisor_id) in self.agreements

    async def record_agreement(self, fields: Fields, outgoing: Outgoing) -> None:
        await self.outbox.stage(outgoing)
        figures = [PrincipleFigure.model_validate(f) for f in fields["figures"]]
        agreement = record(Agreement, {**fields, "figures": figures})
        self.agreements[agreement.footage_id, agreement.supervisor_id] = agreement
