"""Footage and clip requests in memory, behind `service/footage_ports.py`: rows as the
database keeps them (the footage's agency included), read back as records."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from uuid import UUID

from spin_contracts.events.footage import FootageErased
from spin_planner.adapters.records import footage_record
from spin_planner.domain.cycle_records import Case, Footage
from spin_planner.domain.footage import FootageStatus

EMPTY = {
    "agency_id": None,
    "filming_session_ref": None,
    "percent": 0,
    "stage": None,
    "duration_s": None,
    "filmed_at": None,
    "uploaded_at": None,
    "failure_reason": None,
    "failure": None,
    "media": None,
    "bucket": None,
    "erased_at": None,
    "erased_reason": None,
    "raw_erased_at": None,
}


class FakeFootage:
    def __init__(self) -> None:
        self.rows: dict[UUID, dict[str, Any]] = {}
        self.clip_requests: dict[UUID, dict[str, Any]] = {}
        self.erasures: list[FootageErased] = []  # whose clips were erased

    async def of_case(self, case: Case) -> list[Footage]:
        found = [r for r in self.rows.values() if _in(case, r)]
        found.sort(key=lambda r: (r["uploaded_at"], r["id"]))
        return [footage_record(r) for r in found]

    async def in_case(self, case: Case, footage_id: UUID) -> Footage | None:
        row = self.rows.get(footage_id)
        return None if row is None or not _in(case, row) else footage_record(row)

    async def status_for_update(
        self, footage_id: UUID, case_code: str, incoming: FootageStatus
    ) -> FootageStatus | None:
        new = {**EMPTY, "id": footage_id, "case_code": case_code, "status": incoming.value}
        row = self.rows.setdefault(footage_id, new)
        return FootageStatus(row["status"])

    async def move(
        self, footage_id: UUID, status: FootageStatus, fields: Mapping[str, Any]
    ) -> None:
        self.rows[footage_id].update(fields, status=status.value)

    async def raw_erased(self, footage_id: UUID, at: datetime) -> None:
        self.rows[footage_id]["raw_erased_at"] = at

    async def clips_erased(self, event: FootageErased) -> None:
        self.erasures.append(event)

    async def clip_requests_erased(self, footage_id: UUID) -> None:
        for request in self.clip_requests.values():
            if request["footage_id"] == footage_id:
                request.update(status="erased", clip_keys=[], reel_key=None)

    async def clip_request(self, request_id: UUID, values: Mapping[str, Any]) -> None:
        if request_id in self.clip_requests:
            self.clip_requests[request_id].update(values)

    async def clip_progress(self, request_id: UUID, clips_done: int) -> None:
        request = self.clip_requests.get(request_id)
        if request and request["status"] == "requested" and request["clips_done"] < clips_done:
            request["clips_done"] = clips_done


def _in(case: Case, row: Mapping[str, Any]) -> bool:
    return (row["agency_id"], row["case_code"]) == (case.agency_id, case.case_code)
