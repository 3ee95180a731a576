"""Erasure jobs in PostgreSQL: claim the due ones, keep their inventory, finish or retry them.

A job's inventory (every object it found) is written before anything is deleted, so a job
interrupted after deleting still knows, on its next run, what it removed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import and_, exists, func, or_, select, update
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


async def keep_inventory(
    session: AsyncSession, inventories: dict[UUID, list[dict[str, Any]]]
) -> None:
    for job_id, inventory in inventories.items():
        await session.execute(update(J).where(J.c.job_id == job_id).values(inventory=inventory))


async def retry_later(session: AsyncSession, job_ids: list[UUID], error: str, at: datetime) -> None:
    await session.execute(
        update(J).where(J.c.job_id.in_(job_ids)).values(last_error=error, next_attempt_at=at)
    )


async def supersede(session: AsyncSession, job_ids: list[UUID]) -> None:
    await session.execute(
        update(J).where(J.c.job_id.in_(job_ids)).values(status=JobState.SUPERSEDED)
    )


async def finish(
    session: AsyncSession, job: ClaimedJob, inventory: list[dict[str, Any]], at: datetime
) -> bool:
    """Mark a job done (False if it already was); an erased footage needs no raw erasure."""
    done = await session.execute(
        update(J)
        .where(J.c.job_id == job.job_id, J.c.status == JobState.RUNNING)
        .values(status=JobState.DONE, erased_at=at, inventory=inventory, last_error=None)
        .returning(J.c.job_id)
    )
    if done.first() is None:
        return False
    if job.scope == "all":
        await session.execute(
            update(J)
            .where(J.c.footage_id == job.footage_id, J.c.status == JobState.SCHEDULED)
            .values(status=JobState.SUPERSEDED)
        )
    return True
