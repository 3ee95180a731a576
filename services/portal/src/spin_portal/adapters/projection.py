"""Events into facts: each event becomes rows of the read model, written a batch at a time.

Rows carry only what their event knows (other columns None) and are merged with
COALESCE, so events of one entity can arrive in any order. Removals are the exception: they
delete, and rely on their entity's events sharing a topic and key (a moment's are all on
spin.planner.v1 under its case id), so none of them can overtake its removal. Dedupe by
event id happens in the same transaction as the writes. Cases whose facts changed are marked
dirty; the `IndicatorRefresher` recomputes them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spin_contracts.events.envelope import Envelope, Event
from sqlalchemy.ext.asyncio import AsyncConnection

from spin_portal.adapters.batch_writer import CONSUMER, Changes, Writer
from spin_portal.adapters.fact_projection import BESIDE_CASES, PROJECTORS
from spin_portal.adapters.lifecycle_projection import LIFECYCLE_EVENTS, project_lifecycle

__all__ = ["ACCEPTED", "CONSUMER", "Changes", "apply_batch", "mark_dirty", "project"]


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


ACCEPTED = {kind.event_type for kind in PROJECTORS} | LIFECYCLE_EVENTS


async def apply_batch(conn: AsyncConnection, batch: Sequence[tuple[Envelope, Event]]) -> int:
    """Project the events of `batch` not seen before; return how many were new."""
    writer = await Writer.of(conn)
    fresh = await writer.first_deliveries(envelope.event_id for envelope, _ in batch)
    changes = Changes()
    applied = 0
    for envelope, event in batch:
        if envelope.event_id in fresh:
            fresh.discard(envelope.event_id)  # a duplicate inside the batch counts once
            project(envelope, event, changes)
            applied += 1
    for table, rows in changes.rows.items():
        if rows:
            await writer.upsert(table, rows.values())
    for table, keys in changes.removed.items():
        await writer.delete(table, keys)
    await writer.mark_dirty(changes.dirty_cases, changes.dirty_practitioners)
    return applied


async def mark_dirty(
    conn: AsyncConnection, case_codes: Iterable[str], practitioner_ids: Iterable[str] = ()
) -> None:
    await (await Writer.of(conn)).mark_dirty(case_codes, practitioner_ids)
