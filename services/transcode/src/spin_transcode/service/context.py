"""What every handler needs: sessions, storage, ffmpeg settings, and a way to announce."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

from prometheus_client import Histogram
from spin_contracts.events import Envelope, Event
from spincore.db import add_to_outbox
from spincore.logging import get_logger
from spincore.runtime import Runtime
from sqlalchemy.ext.asyncio import AsyncSession

from spin_transcode.adapters import jobs, queue
from spin_transcode.adapters.ffmpeg import Encoding, FfmpegError
from spin_transcode.adapters.storage import FootageStore
from spin_transcode.adapters.workspace import scratch_root
from spin_transcode.domain.failures import scrub
from spin_transcode.settings import TranscodeSettings

log = get_logger(__name__)


class StageError(RuntimeError):
    """A failure during one stage of a job, carrying what support needs to see."""

    def __init__(self, stage: str, error: BaseException) -> None:
        super().__init__(f"{stage}: {error!r}")
        self.stage = stage
        self.error = error
        self.detail = scrub(error.tail if isinstance(error, FfmpegError) else repr(error))


STAGE_SECONDS = Histogram(
    "transcode_stage_seconds",
    "Time a stage of a footage or clip job took",
    ["stage"],
    buckets=(0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800),
)


@contextlib.asynccontextmanager
async def stage(name: str) -> AsyncIterator[None]:
    started = time.perf_counter()
    try:
        yield
    except StageError:
        raise
    except Exception as error:  # labelled here; the retry policy decides
        raise StageError(name, error) from error
    seconds = time.perf_counter() - started
    STAGE_SECONDS.labels(name).observe(seconds)
    log.info("stage_done", stage=name, seconds=round(seconds, 3))


Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class TranscodeContext:
    runtime: Runtime
    settings: TranscodeSettings
    store: FootageStore
    # Retention is measured in days: tests drive this clock instead of waiting.
    clock: Clock = field(default=utc_now)
    # Set when this process queued a job: its runner looks at once instead of polling.
    job_queued: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def encoding(self) -> Encoding:
        return self.encoding_for(0.0)

    def encoding_for(self, source_s: float) -> Encoding:
        """How to encode `source_s` seconds of footage (its threads follow its length)."""
        s = self.settings
        return Encoding(s.transcode_preset, s.transcode_crf, s.ffmpeg_threads(source_s))

    @property
    def scratch(self) -> Path:
        return scratch_root(self.settings.transcode_work_dir)

    def _wrap(self, event: Event, cause: Envelope) -> Envelope:
        return Envelope.wrap(
            event, producer=self.settings.service_name, tenant=cause.tenant, caused_by=cause
        )

    async def queue_job(
        self,
        job: UUID,
        kind: jobs.JobKind,
        footage_id: UUID,
        cause: Envelope,
        weight_s: float,
    ) -> bool:
        """Queue the job of `cause` once (False: already queued, running or finished) and let
        this process's runner look at once."""
        async with self.runtime.sessions.begin() as session:
            queued = await queue.enqueue(
                session, job, kind, footage_id, cause.model_dump(mode="json"), weight_s
            )
        outcome = "job_queued" if queued else "job_already_queued"
        log.info(outcome, job_id=str(job), kind=kind, weight_s=round(weight_s, 1))
        if queued:
            self.job_queued.set()
        return queued

    async def announce(self, event: Event, cause: Envelope) -> None:
        """Stage one event on its own (progress) and let the relay send it at once."""
        async with self.runtime.sessions.begin() as session:
            await add_to_outbox(
                session, self._wrap(event, cause), event, self.settings.topic_prefix
            )
        self.runtime.relay.wake()

    async def fail(
        self, job_id: UUID, cause: Envelope, outcome: Callable[[int], Event], *, error: str
    ) -> None:
        """Finish the job as failed with its failure event (as `conclude`)."""
        await self.conclude(job_id, jobs.JobStatus.FAILED, cause, outcome, error=error)

    async def conclude(
        self,
        job_id: UUID,
        status: jobs.JobStatus,
        cause: Envelope,
        outcome: Callable[[int], Event],
        *,
        error: str | None = None,
        also: Callable[[AsyncSession], Awaitable[None]] | None = None,
    ) -> None:
        """Finish the job and stage its outcome event in one transaction, exactly once
        (`also` writes what else must commit with it)."""
        async with self.runtime.sessions.begin() as session:
            attempts = await jobs.finish(session, job_id, status, error=error)
            if attempts is None:
                return
            if also is not None:
                await also(session)
            event = outcome(attempts)
            if status is jobs.JobStatus.READY:
                await jobs.record_outputs(session, job_id, event.model_dump(mode="json"))
            await add_to_outbox(
                session, self._wrap(event, cause), event, self.settings.topic_prefix
            )
        self.runtime.relay.wake()
