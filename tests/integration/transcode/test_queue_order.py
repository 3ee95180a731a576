"""The job queue's order on real PostgreSQL: shortest first, a long job waiting long enough
goes before a newer short one, a held lease keeps a job from a second worker, an expired one
hands it over, a stopping worker hands its job back uncounted; a clip render queues beside
footage, and a clips job row of the former consumer (no event) is taken into the queue."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from uuid import UUID, uuid4

import pytest
from spin_transcode.adapters import queue
from spin_transcode.adapters.jobs import JobKind, JobStatus
from spin_transcode.adapters.tables import JOBS
from spin_transcode.api.app import MIGRATIONS
from spin_transcode.settings import TranscodeSettings
from spincore.db import make_engine
from spincore.db.migrations import upgrade_to_head
from sqlalchemy import func, insert, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from tests.support.isolation import Isolation

pytestmark = pytest.mark.integration
ENVELOPE = {"any": "event"}


async def queued(
    engine: AsyncEngine, weight_s: float, waited_s: float = 0, kind: JobKind = JobKind.FOOTAGE
) -> UUID:
    job = uuid4()
    async with AsyncSession(engine) as session, session.begin():
        await queue.enqueue(session, job, kind, uuid4(), ENVELOPE, weight_s)
        when = func.now() - timedelta(seconds=waited_s)
        await session.execute(update(JOBS).where(JOBS.c.job_id == job).values(queued_at=when))
    return job


async def claim(engine: AsyncEngine, worker: str, lease_s: float = 60) -> queue.Claim | None:
    async with AsyncSession(engine) as session, session.begin():
        return await queue.claim(session, worker, lease_s, max_attempts=3, aging=1.0)


async def test_shortest_first_with_aging_and_leases(isolated: Isolation) -> None:
    settings = isolated.settings(TranscodeSettings)
    await asyncio.to_thread(upgrade_to_head, settings, MIGRATIONS)
    engine = make_engine(settings)
    try:
        long_new = await queued(engine, weight_s=600)
        short = await queued(engine, weight_s=30)
        long_old = await queued(engine, weight_s=600, waited_s=590)  # 10 s left: before 30
        async with AsyncSession(engine) as session, session.begin():
            redelivered = queue.enqueue(session, short, JobKind.FOOTAGE, short, ENVELOPE, 30)
            assert not await redelivered  # once

        taken = [await claim(engine, f"w:{n}") for n in range(3)]
        assert [c.job_id if c else None for c in taken] == [long_old, short, long_new]
        assert await claim(engine, "w:9") is None  # every lease held

        async with AsyncSession(engine) as session, session.begin():
            assert await queue.renew(session, short, "w:1", 1, lease_s=0)  # lease ends now
            assert not await queue.renew(session, short, "w:2", 1, lease_s=60)  # not w:2's
        await asyncio.sleep(0.1)
        again = await claim(engine, "w:9")
        assert again is not None
        assert (again.job_id, again.attempts, again.exhausted) == (short, 2, False)
        async with AsyncSession(engine) as session, session.begin():
            assert not await queue.renew(session, short, "w:1", 1, lease_s=60)  # taken over
            await queue.hand_back(session, short, "w:9")  # w:9 stopping on purpose
        back = await claim(engine, "w:8")
        assert back is not None
        assert (back.job_id, back.attempts) == (short, 2)  # w:9's attempt not counted
    finally:
        await engine.dispose()


async def test_clips_queue_beside_footage(isolated: Isolation) -> None:
    settings = isolated.settings(TranscodeSettings)
    await asyncio.to_thread(upgrade_to_head, settings, MIGRATIONS)
    engine = make_engine(settings)
    try:
        footage = await queued(engine, weight_s=1200)
        clips = await queued(engine, weight_s=24, kind=JobKind.CLIPS)
        started_before = uuid4()  # by the former consumer: a row without its event
        async with AsyncSession(engine) as session, session.begin():
            await session.execute(
                insert(JOBS).values(
                    job_id=started_before,
                    kind=JobKind.CLIPS,
                    footage_id=uuid4(),
                    status=JobStatus.RUNNING,
                    attempts=1,
                )
            )
        async with AsyncSession(engine) as session, session.begin():
            again = queue.enqueue(session, started_before, JobKind.CLIPS, uuid4(), ENVELOPE, 12)
            assert await again  # redelivered after the upgrade: now queued
        taken = [await claim(engine, f"w:{n}") for n in range(3)]
        assert [(c.job_id, c.kind) if c else None for c in taken] == [
            (started_before, JobKind.CLIPS),
            (clips, JobKind.CLIPS),
            (footage, JobKind.FOOTAGE),
        ]
        assert taken[0] is not None
        assert taken[0].attempts == 2  # its earlier attempt counts
    finally:
        await engine.dispose()
