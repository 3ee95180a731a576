"""Events into facts: each event becomes rows of the read model, written a batch at a time.

Rows carry only what their event knows (other columns None) and are merged with
COALESCE, so events of one entity can arrive in any order. Removals are the exception: they
delete, and rely on their entity's events sharing a topic and key (a moment's are all on
spin.planner.v1 under its case id), so none of them can overtake its removal. Dedupe by
event id happens in the same transaction as the writes. Cases whose facts changed are marked
dirty; the `IndicatorRefresher` recomputes them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from uuid import UUID

from spin_contracts.events.envelope import Envelope, Event
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from spin_portal.adapters.batch_writer import CONSUMER, Changes, Writer
from spin_portal.adapters.fact_projection import BESIDE_CASES, PROJECTORS
from spin_portal.adapters.lifecycle_projection import LIFECYCLE_EVENTS, project_lifecycle
from spin_portal.adapters.tables import CASES

__all__ = [
    "ACCEPTED",
    "CONSUMER",
    "Changes",
    "Projected",
    "apply_batch",
    "apply_projected",
    "mark_dirty",
    "mark_institute_dirty",
    "project",
    "projected",
    "projected_in_slices",
]


def project(envelope: Envelope, event: Event, changes: Changes) -> None:
    """Add the rows `event` implies to `changes`, and mark its case dirty if it is a fact of it."""
    kind = type(event)
    projector = PROJECTORS.get(kind)
    if projector is not None:
        projector(envelope, event, changes)
        if kind in BESIDE_CASES:
            return
    elif not project_lifecycle(envelope.tenant, event, changes):
        return
    if case_code := getattr(event, "case_code", None):
        changes.dirty_cases.add(case_code)


SLICE = 500  # events projected at once, between turns of the loop
ACCEPTED = {kind.event_type for kind in PROJECTORS} | LIFECYCLE_EVENTS


@dataclass(frozen=True)
class Projected:
    """A batch's events, each event id once, and the rows they imply if all are new: what
    needs no database is done before the batch's transaction."""

    events: list[tuple[Envelope, Event]]
    changes: Changes


def projected(batch: Sequence[tuple[Envelope, Event]]) -> Projected:
    events = _once_each(batch)
    return Projected(events, _changes(events))


async def projected_in_slices(batch: Sequence[tuple[Envelope, Event]]) -> Projected:
    """`projected(batch)`, giving the loop a turn between slices of `SLICE` events (the batch
    before is being written meanwhile, a statement at a time)."""
    events = _once_each(batch)
    changes = Changes()
    for at in range(0, len(events), SLICE):
        for envelope, event in events[at : at + SLICE]:
            project(envelope, event, changes)
        await asyncio.sleep(0)
    return Projected(events, changes)


def _once_each(batch: Sequence[tuple[Envelope, Event]]) -> list[tuple[Envelope, Event]]:
    seen: set[UUID] = set()
    events = []
    for envelope, event in batch:
        if envelope.event_id not in seen:  # a duplicate inside the batch counts once
            seen.add(envelope.event_id)
            events.append((envelope, event))
    return events


def _changes(events: Iterable[tuple[Envelope, Event]]) -> Changes:
    changes = Changes()
    for envelope, event in events:
        project(envelope, event, changes)
    return changes


async def apply_batch(conn: AsyncConnection, batch: Sequence[tuple[Envelope, Event]]) -> int:
    """Project the events of `batch` not seen before; return how many were new."""
    return await apply_projected(conn, projected(batch))


async def apply_projected(conn: AsyncConnection, batch: Projected) -> int:
    """Write the rows of `batch`'s events not seen before; return how many were new."""
    writer = await Writer.of(conn)
    fresh = await writer.first_deliveries([envelope.event_id for envelope, _ in batch.events])
    changes = batch.changes
    if len(fresh) < len(batch.events):  # some were handled before: project the others only
        changes = _changes((e, event) for e, event in batch.events if e.event_id in fresh)
    for table, rows in changes.rows.items():
        if rows:
            await writer.upsert(table, rows.values())
    for table, keys in changes.removed.items():
        await writer.delete(table, keys)
    await writer.mark_dirty(changes.dirty_cases, changes.dirty_practitioners)
    return len(fresh)


async def mark_dirty(
    conn: AsyncConnection, case_codes: Iterable[str], practitioner_ids: Iterable[str] = ()
) -> None:
    await (await Writer.of(conn)).mark_dirty(case_codes, practitioner_ids)


async def mark_institute_dirty(conn: AsyncConnection, institute_id: str) -> None:
    """Every case of the institute is recomputed (its thresholds or its clock changed)."""
    codes = await conn.scalars(
        select(CASES.c.case_code).where(CASES.c.institute_id == institute_id)
    )
    await mark_dirty(conn, codes)
