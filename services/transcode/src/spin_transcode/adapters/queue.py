"""The job queue in the jobs table: footage transcodes and clip renders, queued by the intake
consumer, claimed by any worker process with `FOR UPDATE SKIP LOCKED`, held with a lease the
holder renews.

Order: the smallest weight (seconds of video to encode) minus the seconds waited times
`aging`, so short work (clips, short footage) goes first and a long one still gets its turn.
A job whose lease ran out (its worker died) is claimed again like any queued job; attempts
count each claim.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import Update, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from spin_transcode.adapters.jobs import JobKind, JobStatus
from spin_transcode.adapters.tables import JOBS


@dataclass(frozen=True)
class Claim:
    job_id: UUID
    kind: JobKind
    attempts: int
    envelope: dict[str, Any]
    weight_s: float
    exhausted: bool  # every attempt used (the last holder died): give up, do not run again


async def enqueue(
    session: AsyncSession,
    job: UUID,
    kind: JobKind,
    footage_id: UUID,
    envelope: dict[str, Any],
    weight_s: float,
) -> bool:
    """Queue a job once; False when it is already queued, running or finished. A job row an
    earlier version started without its event (clips were rendered by the consumer then) is
    given its event, so the queue runs it (attempts it took then still count)."""
    row = insert(JOBS).values(
        job_id=job,
        kind=kind,
        footage_id=footage_id,
        status=JobStatus.RUNNING,
        attempts=0,
        envelope=envelope,
        weight_s=weight_s,
        queued_at=func.now(),
    )
    statement = row.on_conflict_do_update(
        index_elements=[JOBS.c.job_id],
        set_={
            "envelope": row.excluded.envelope,
            "weight_s": row.excluded.weight_s,
            "queued_at": func.coalesce(JOBS.c.queued_at, func.now()),
        },
        where=(JOBS.c.status == JobStatus.RUNNING) & JOBS.c.envelope.is_(None),
    ).returning(JOBS.c.job_id)
    return (await session.execute(statement)).scalar_one_or_none() is not None


async def claim(
    session: AsyncSession,
    worker: str,
    lease_s: float,
    max_attempts: int,
    aging: float,
    max_weight_s: float | None = None,
) -> Claim | None:
    """Take the next free job (queued, backed off long enough, or with an expired lease);
    with `max_weight_s`, only one at most that many source seconds long."""
    now = func.now()
    waited = func.extract("epoch", now - JOBS.c.queued_at)
    conditions = [
        JOBS.c.status == JobStatus.RUNNING,
        JOBS.c.envelope.is_not(None),
        or_(JOBS.c.lease_until.is_(None), JOBS.c.lease_until < now),
        or_(JOBS.c.not_before.is_(None), JOBS.c.not_before <= now),
    ]
    if max_weight_s is not None:
        conditions.append(JOBS.c.weight_s <= max_weight_s)
    free = (
        select(JOBS.c.job_id, JOBS.c.kind, JOBS.c.attempts, JOBS.c.envelope, JOBS.c.weight_s)
        .where(*conditions)
        .order_by(JOBS.c.weight_s - waited * aging, JOBS.c.queued_at)
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    row = (await session.execute(free)).first()
    if row is None:
        return None
    exhausted = row.attempts >= max_attempts
    attempts = row.attempts if exhausted else row.attempts + 1
    await session.execute(
        update(JOBS)
        .where(JOBS.c.job_id == row.job_id)
        .values(
            attempts=attempts,
            claimed_by=worker,
            started_at=now,
            lease_until=now + timedelta(seconds=lease_s),
        )
    )
    return Claim(
        row.job_id, JobKind(row.kind), attempts, row.envelope, row.weight_s or 0.0, exhausted
    )


def _claimed(job_id: UUID, worker: str) -> Update:
    """The job, while this worker runs it (another's claim is left alone)."""
    return update(JOBS).where(
        JOBS.c.job_id == job_id,
        JOBS.c.status == JobStatus.RUNNING,
        JOBS.c.claimed_by == worker,
    )


async def renew(
    session: AsyncSession, job_id: UUID, worker: str, attempts: int, lease_s: float
) -> bool:
    """Extend our lease; False when the job is no longer ours (finished or taken over)."""
    statement = (
        _claimed(job_id, worker)
        .where(JOBS.c.attempts == attempts)
        .values(lease_until=func.now() + timedelta(seconds=lease_s))
        .returning(JOBS.c.job_id)
    )
    return (await session.execute(statement)).scalar_one_or_none() is not None


async def release(
    session: AsyncSession, job_id: UUID, worker: str, backoff_s: float, error: str
) -> None:
    """Hand a failed attempt back to the queue, to be claimed again after `backoff_s`."""
    await session.execute(
        _claimed(job_id, worker).values(
            lease_until=None,
            claimed_by=None,
            last_error=error,
            not_before=func.now() + timedelta(seconds=backoff_s),
        )
    )


async def hand_back(session: AsyncSession, job_id: UUID, worker: str) -> None:
    """A worker stopping on purpose: the job goes back to the queue at once, attempt uncounted."""
    await session.execute(
        _claimed(job_id, worker).values(
            lease_until=None, claimed_by=None, attempts=JOBS.c.attempts - 1
        )
    )
