"""The lifecycle's facts in PostgreSQL: footage, cases, holds and the erasure plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import exists, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from spin_transcode.adapters.tables import (
    ERASURE_JOBS,
    LEGAL_HOLDS,
    LIFECYCLE_CASES,
    LIFECYCLE_FOOTAGE,
    TRAINING_CLIPS,
)
from spin_transcode.domain.erasure import CaseFacts, FootageFacts, PlannedErasure
from spin_transcode.domain.keys import clip_key

F, C, H, J, T = LIFECYCLE_FOOTAGE, LIFECYCLE_CASES, LEGAL_HOLDS, ERASURE_JOBS, TRAINING_CLIPS


class JobState:
    SCHEDULED = "scheduled"
    RUNNING = "running"
    DONE = "done"
    SUPERSEDED = "superseded"


@dataclass(frozen=True)
class KnownFootage:
    facts: FootageFacts
    institute_id: str
    agency_id: str | None
    site_id: str | None


async def record_footage(session: AsyncSession, values: dict[str, Any]) -> None:
    """Upsert what an event says about a footage; known facts are never forgotten."""
    statement = insert(F).values(**values)
    kept = {
        name: func.coalesce(statement.excluded[name], F.c[name])
        for name in values
        if name not in ("footage_id", "first_seen_at")
    }
    await session.execute(
        statement.on_conflict_do_update(index_elements=[F.c.footage_id], set_=kept)
    )


async def record_case(session: AsyncSession, case_code: str, **facts: datetime | date) -> None:
    """Upsert consent times and the closing date; the latest of each time counts."""
    statement = insert(C).values(case_code=case_code, **facts)
    # GREATEST ignores NULLs in PostgreSQL: a first value simply lands.
    latest = {name: func.greatest(C.c[name], statement.excluded[name]) for name in facts}
    await session.execute(
        statement.on_conflict_do_update(index_elements=[C.c.case_code], set_=latest)
    )


async def case_facts(session: AsyncSession, case_code: str) -> CaseFacts:
    row = (await session.execute(select(C).where(C.c.case_code == case_code))).first()
    if row is None:
        return CaseFacts()
    return CaseFacts(
        row.filming_granted_at,
        row.filming_withdrawn_at,
        row.closed_on,
        row.training_granted_at,
        row.training_withdrawn_at,
    )


async def record_training_clip(
    session: AsyncSession, clip_id: UUID, footage_id: UUID, case_code: str, marked_at: datetime
) -> None:
    """A clip marked for training (a redelivered mark keeps the first time)."""
    await session.execute(
        insert(T)
        .values(
            clip_id=clip_id,
            footage_id=footage_id,
            case_code=case_code,
            key=clip_key(footage_id, clip_id),
            marked_at=marked_at,
        )
        .on_conflict_do_nothing()
    )


async def training_keys(session: AsyncSession, footage_ids: list[UUID]) -> dict[UUID, list[str]]:
    """The keys of the clips marked for training, per footage."""
    rows = await session.execute(
        select(T.c.footage_id, T.c.key).where(T.c.footage_id.in_(footage_ids)).order_by(T.c.key)
    )
    found: dict[UUID, list[str]] = {}
    for footage_id, key in rows:
        found.setdefault(footage_id, []).append(key)
    return found


async def case_footage(session: AsyncSession, case_code: str) -> list[KnownFootage]:
    """The case's footage, without what is already wholly erased."""
    erased = exists().where(
        J.c.footage_id == F.c.footage_id, J.c.scope == "all", J.c.status == JobState.DONE
    )
    marked = (
        select(func.min(T.c.marked_at)).where(T.c.footage_id == F.c.footage_id).scalar_subquery()
    )
    rows = await session.execute(
        select(
            F.c.footage_id,
            F.c.verified_at,
            marked.label("training_marked_at"),
            F.c.institute_id,
            F.c.agency_id,
            F.c.site_id,
        ).where(F.c.case_code == case_code, ~erased)
    )
    return [
        KnownFootage(
            FootageFacts(r.footage_id, r.verified_at, r.training_marked_at),
            r.institute_id,
            r.agency_id,
            r.site_id,
        )
        for r in rows
    ]


async def schedule(
    session: AsyncSession, case_code: str, planned: list[PlannedErasure]
) -> list[Any]:
    """Add planned erasures; an earlier due time for a scheduled one replaces its own. The
    rows added or brought forward (footage_id, scope, reason, due_at)."""
    if not planned:
        return []
    rows = [
        {
            "job_id": uuid4(),
            "footage_id": item.footage_id,
            "case_code": case_code,
            "scope": item.scope.value,
            "reason": item.reason.value,
            "due_at": item.due_at,
            "status": JobState.SCHEDULED,
        }
        for item in planned
    ]
    statement = insert(J).values(rows)
    excluded = statement.excluded
    changed = await session.execute(
        statement.on_conflict_do_update(
            constraint="erasure_once_per_scope",
            set_={"due_at": excluded.due_at, "reason": excluded.reason},
            where=(J.c.status == JobState.SCHEDULED) & (excluded.due_at < J.c.due_at),
        ).returning(J.c.footage_id, J.c.scope, J.c.reason, J.c.due_at)
    )
    return list(changed.all())


async def processing_stopped(session: AsyncSession, case_code: str) -> bool:
    """Has the case's filming consent been withdrawn (and not granted again since)?"""
    facts = await case_facts(session, case_code)
    return facts.filming_withdrawn


async def place_hold(
    session: AsyncSession, case_code: str, reason: str, by: str, at: datetime
) -> UUID:
    hold_id = uuid4()
    await session.execute(
        insert(H).values(
            hold_id=hold_id, case_code=case_code, reason=reason, placed_by=by, placed_at=at
        )
    )
    return hold_id


PLANNER_HOLD_REASON = "placed by the agency's admin in the planner (reason kept there)"


async def place_planner_hold(
    session: AsyncSession, hold_id: UUID, case_code: str, at: datetime
) -> None:
    await session.execute(
        insert(H)
        .values(
            hold_id=hold_id,
            case_code=case_code,
            reason=PLANNER_HOLD_REASON,
            placed_by="planner",
            placed_at=at,
        )
        .on_conflict_do_nothing()
    )


async def lift_hold(session: AsyncSession, hold_id: UUID, at: datetime) -> None:
    await session.execute(
        update(H)
        .where(H.c.hold_id == hold_id, H.c.lifted_at.is_(None))
        .values(lifted_by="planner", lifted_at=at)
    )


async def lift_holds(session: AsyncSession, case_code: str, by: str, at: datetime) -> int:
    result = await session.execute(
        update(H)
        .where(H.c.case_code == case_code, H.c.lifted_at.is_(None))
        .values(lifted_by=by, lifted_at=at)
        .returning(H.c.hold_id)
    )
    return len(result.all())


async def active_holds(session: AsyncSession, case_code: str) -> list[Any]:
    rows = await session.execute(
        select(H.c.hold_id, H.c.placed_by, H.c.placed_at).where(
            H.c.case_code == case_code, H.c.lifted_at.is_(None)
        )
    )
    return list(rows.all())


async def jobs_of_case(session: AsyncSession, case_code: str) -> list[Any]:
    rows = await session.execute(
        select(J.c.footage_id, J.c.scope, J.c.reason, J.c.due_at, J.c.status, J.c.erased_at)
        .where(J.c.case_code == case_code)
        .order_by(J.c.due_at)
    )
    return list(rows.all())
