"""Job rows: finish a job exactly once; the footage job later jobs (clips) build on."""

from __future__ import annotations

from enum import StrEnum
from typing import Any
from uuid import UUID

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from spin_transcode.adapters.tables import JOBS


class JobStatus(StrEnum):
    RUNNING = "running"
    READY = "ready"
    FAILED = "failed"


class JobKind(StrEnum):
    FOOTAGE = "footage"
    CLIPS = "clips"


async def finish(
    session: AsyncSession,
    job_id: UUID,
    status: JobStatus,
    *,
    error: str | None = None,
) -> int | None:
    """Mark a running job finished; the attempts it took, or None if it had already finished
    (then the caller must not announce it again)."""
    statement = (
        update(JOBS)
        .where(JOBS.c.job_id == job_id, JOBS.c.status == JobStatus.RUNNING)
        .values(status=status, last_error=error, completed_at=func.now())
        .returning(JOBS.c.attempts)
    )
    attempts: int | None = (await session.execute(statement)).scalar_one_or_none()
    return attempts


async def footage_job(session: AsyncSession, footage_id: UUID) -> tuple[str, Any] | None:
    """(status, outputs) of a footage's transcode job, if it has one."""
    row = (
        await session.execute(
            select(JOBS.c.status, JOBS.c.outputs).where(
                JOBS.c.job_id == footage_id, JOBS.c.kind == JobKind.FOOTAGE
            )
        )
    ).first()
    return (row.status, row.outputs) if row else None


async def record_outputs(session: AsyncSession, job_id: UUID, outputs: dict[str, Any]) -> None:
    await session.execute(update(JOBS).where(JOBS.c.job_id == job_id).values(outputs=outputs))
