"""Erasure jobs in PostgreSQL: claim the due ones, keep their inventory, finish or retry them.

A job's inventory (every object it found) is written before anything is deleted, so a job
interrupted after deleting still knows, on its next run, what it removed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from spincore.db.outbox import OUTBOX
from sqlalchemy import and_, bindparam, exists, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from spin_transcode.adapters.jobs import JobStatus
from spin_transcode.adapters.lifecycle import JobState
from spin_transcode.adapters.tables import ERASURE_JOBS, JOBS, LEGAL_HOLDS, LIFECYCLE_FOOTAGE

J, F, H = ERASURE_JOBS, LIFECYCLE_FOOTAGE, LEGAL_HOLDS


@dataclass(frozen=True)
class ClaimedJob:
    job_id: UUID
    footage_id: UUID
    case_code: str
    scope: str
    reason: str
    due_at: datetime
    attempts: int
    inventory: list[dict[str, Any]] | None
    bucket: str
    raw_key: str
    staging_prefix: str | None
    institute_id: str
    agency_id: str | None
    site_id: str | None
    keys: tuple[str, ...] = ()  # a training erasure's clips (see `with_training_keys`)


def _claimable(now: datetime, wait_for_jobs_s: float) -> Any:
    held = exists().where(H.c.case_code == J.c.case_code, H.c.lifted_at.is_(None))
    # A transcode or clip job of the footage still running would write after the erasure;
    # wait for it to stop (a withdrawal stops it within a second), but not for ever.
    busy = exists().where(
        JOBS.c.footage_id == J.c.footage_id,
        JOBS.c.status == JobStatus.RUNNING,
        JOBS.c.started_at > func.now() - timedelta(seconds=wait_for_jobs_s),
    )
    return and_(
        J.c.status.in_([JobState.SCHEDULED, JobState.RUNNING]),
        J.c.due_at <= now,
        or_(J.c.next_attempt_at.is_(None), J.c.next_attempt_at <= now),
        ~held,
        ~busy,
    )


async def claim_due(
    session: AsyncSession, now: datetime, limit: int, wait_for_jobs_s: float
) -> list[ClaimedJob]:
    """Mark up to `limit` due jobs running (the earliest first) and return them. A job left
    running by a process that died is due again: it is claimed like any other."""
    chosen = (
        select(J.c.job_id)
        .where(_claimable(now, wait_for_jobs_s))
        .order_by(J.c.due_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    statement = (
        update(J)
        .where(J.c.job_id.in_(chosen), F.c.footage_id == J.c.footage_id)
        .values(status=JobState.RUNNING, attempts=J.c.attempts + 1)
        .returning(
            J.c.job_id,
            J.c.footage_id,
            J.c.case_code,
            J.c.scope,
            J.c.reason,
            J.c.due_at,
            J.c.attempts,
            J.c.inventory,
            F.c.bucket,
            F.c.raw_key,
            F.c.staging_prefix,
            F.c.institute_id,
            F.c.agency_id,
            F.c.site_id,
        )
    )
    rows = (await session.execute(statement)).all()
    return [ClaimedJob(**row._mapping) for row in rows]


_KEEP = (
    update(J)
    .where(J.c.job_id == bindparam("b_job_id"))
    .values(inventory=bindparam("b_inventory", type_=J.c.inventory.type))
)


async def keep_inventory(
    session: AsyncSession, inventories: dict[UUID, list[dict[str, Any]]]
) -> None:
    """Keep every job's inventory: one statement for all (executemany)."""
    rows = [{"b_job_id": job_id, "b_inventory": kept} for job_id, kept in inventories.items()]
    if rows:
        conn = await session.connection()
        await conn.execute(_KEEP, rows)


async def retry_later(session: AsyncSession, job_ids: list[UUID], error: str, at: datetime) -> None:
    await session.execute(
        update(J).where(J.c.job_id.in_(job_ids)).values(last_error=error, next_attempt_at=at)
    )


async def supersede(session: AsyncSession, job_ids: list[UUID]) -> None:
    await session.execute(
        update(J).where(J.c.job_id.in_(job_ids)).values(status=JobState.SUPERSEDED)
    )


_FINISH = (
    update(J)
    .where(J.c.job_id == bindparam("b_job_id"))
    .values(
        status=JobState.DONE,
        erased_at=bindparam("b_at"),
        # None: the inventory kept before deleting is already the whole of it
        inventory=func.coalesce(bindparam("b_inventory", type_=J.c.inventory.type), J.c.inventory),
        last_error=None,
    )
)


async def finish(
    session: AsyncSession,
    jobs: list[tuple[ClaimedJob, list[dict[str, Any]] | None]],
    at: datetime,
    events: Callable[[list[ClaimedJob]], list[dict[str, Any]]],
) -> list[ClaimedJob]:
    """Mark jobs done with their final inventory (None: as kept) and stage the outbox rows
    `events` makes for them, in the caller's transaction; the jobs that were still running
    (one finished by another pass meanwhile is skipped: it has had its event). A footage
    erased wholly needs no raw erasure any more. A few statements for the whole batch."""
    ids = [job.job_id for job, _ in jobs]
    locked = select(J.c.job_id).where(J.c.job_id.in_(ids), J.c.status == JobState.RUNNING)
    running = set((await session.execute(locked.with_for_update())).scalars())
    done = [(job, kept) for job, kept in jobs if job.job_id in running]
    if not done:
        return []
    conn = await session.connection()
    rows = [{"b_job_id": job.job_id, "b_at": at, "b_inventory": kept} for job, kept in done]
    await conn.execute(_FINISH, rows)
    whole = [job.footage_id for job, _ in done if job.scope == "all"]
    if whole:
        await conn.execute(
            update(J)
            .where(J.c.footage_id.in_(whole), J.c.status == JobState.SCHEDULED)
            .values(status=JobState.SUPERSEDED)
        )
    finished = [job for job, _ in done]
    await conn.execute(insert(OUTBOX), events(finished))
    return finished
