"""A stored row as the domain record of the same fields (extra columns are left out)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import MISSING, fields
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from spin_contracts.events.planner import ShownClip
from sqlalchemy import Row

from spin_planner.domain.cycle_records import ClipRequest, FeedbackPlan, Footage, Session

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

R = TypeVar("R", bound="DataclassInstance")
Stored = Row[Any] | Mapping[str, Any]


def record(kind: type[R], row: Stored) -> R:
    stored = row._mapping if isinstance(row, Row) else row
    return kind(
        **{
            f.name: stored[f.name]
            for f in fields(kind)
            if f.name in stored or (f.default is MISSING and f.default_factory is MISSING)
        }
    )


def records(kind: type[R], rows: Iterable[Stored]) -> list[R]:
    return [record(kind, row) for row in rows]


def footage_record(row: Stored) -> Footage:
    """Footage of a row, or of the JSON PostgreSQL made of one (a filming's linked footage);
    the player's keys carry the bucket they are in, which the row keeps in its own column."""
    stored = dict(row._mapping if isinstance(row, Row) else row)
    if isinstance(stored["id"], str):  # from JSON: ids and times as text
        stored["id"] = UUID(stored["id"])
        for name in _FOOTAGE_TIMES:
            stored[name] = stored[name] and datetime.fromisoformat(stored[name])
    if stored.get("media"):
        stored["media"] = {**stored["media"], "bucket": stored["bucket"]}
    return record(Footage, stored)


_FOOTAGE_TIMES = ("filmed_at", "uploaded_at", "erased_at", "raw_erased_at")


def session_record(row: Stored) -> Session:
    """The session of `row`, with its footage when the row carries `linked_footage`."""
    stored = dict(row._mapping if isinstance(row, Row) else row)
    stored["clips_shown"] = [ShownClip.model_validate(c) for c in stored["clips_shown"]]
    stored["footage"] = [footage_record(f) for f in stored.pop("linked_footage", None) or []]
    return record(Session, stored)


def clip_request_record(row: Stored) -> ClipRequest:
    stored = dict(row._mapping if isinstance(row, Row) else row)
    stored["moment_ids"] = [UUID(m) for m in stored["moment_ids"]]
    return record(ClipRequest, stored)


def plan_record(row: Stored, clip_requests: list[ClipRequest]) -> FeedbackPlan:
    stored = dict(row._mapping if isinstance(row, Row) else row)
    stored["moment_ids"] = [UUID(m) for m in stored["moment_ids"]]
    return record(FeedbackPlan, {**stored, "clip_requests": clip_requests})
