"""Each worker process's job runner: claim the next queued job (a footage transcode or a clip
render), hold it with a renewed lease while it runs, retry with backoff, and after the last
attempt end in footage.failed or clip.failed and a dead letter.

A worker that dies mid-job stops renewing; once the lease runs out another worker claims the
job (one more attempt counted); a worker stopped on purpose (SIGTERM) hands its job back at
once, the attempt uncounted. A job whose every attempt was used up that way (a poison file
that kills its worker) ends in its failure event without running again.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from spin_contracts.events import Envelope, Event, decode
from spin_contracts.topics import Topic, topic_name
from spincore.logging import correlation_id, get_logger
from spincore.safe_errors import describe

from spin_transcode.adapters import pausing, queue
from spin_transcode.adapters.jobs import JobKind
from spin_transcode.service.clips import give_up_clips, render_clips
from spin_transcode.service.context import TranscodeContext
from spin_transcode.service.footage import give_up_footage, transcode_footage

log = get_logger(__name__)
DeadLetter = Callable[[bytes, str, str, int], Awaitable[None]]


@dataclass(frozen=True)
class Work:
    """What a job of one kind runs, how it ends after its last attempt, and where its event
    came from (for the dead letter)."""

    run: Callable[[TranscodeContext, Envelope, Event], Coroutine[Any, Any, None]]
    give_up: Callable[[TranscodeContext, Envelope, Event, BaseException], Awaitable[None]]
    source: Topic


WORK = {
    JobKind.FOOTAGE: Work(transcode_footage, give_up_footage, Topic.FOOTAGE),
    JobKind.CLIPS: Work(render_clips, give_up_clips, Topic.CLIPS),
}


class WorkerLostError(RuntimeError):
    """Every attempt of the job ended with its worker process gone."""


def worker_name() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}"


async def run_forever(ctx: TranscodeContext, dead_letter: DeadLetter) -> None:
    worker = worker_name()
    while True:
        try:
            ran = await run_next(ctx, worker, dead_letter)
        except Exception as error:  # noqa: BLE001 - a database hiccup: look again later
            log.warning("job_runner_failed", error=describe(error))
            ran = False
        if not ran:
            ctx.job_queued.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(ctx.job_queued.wait(), ctx.settings.transcode_poll_s)


async def run_next(ctx: TranscodeContext, worker: str, dead_letter: DeadLetter) -> bool:
    """Run one queued job to its end or its next retry; False when none was free."""
    claim = await _claim(ctx, worker)
    if claim is None:
        return False
    await _run_claimed(ctx, claim, worker, dead_letter)
    return True


async def _claim(
    ctx: TranscodeContext, worker: str, max_weight_s: float | None = None
) -> queue.Claim | None:
    s = ctx.settings
    async with ctx.runtime.sessions.begin() as session:
        return await queue.claim(
            session,
            worker,
            s.transcode_lease_s,
            s.transcode_max_attempts,
            s.transcode_aging,
            max_weight_s,
        )


async def _run_claimed(
    ctx: TranscodeContext, claim: queue.Claim, worker: str, dead_letter: DeadLetter
) -> None:
    s = ctx.settings
    raw = _raw(claim.envelope)
    envelope, event = decode(raw)
    token = correlation_id.set(envelope.correlation_id)
    try:
        log.info("job_claimed", job_id=str(claim.job_id), kind=claim.kind, attempt=claim.attempts)
        if claim.exhausted:
            await _give_up(ctx, envelope, event, raw, WorkerLostError(), claim, dead_letter)
            return
        try:
            work = WORK[claim.kind].run(ctx, envelope, event)
            await _holding_lease(ctx, claim, worker, work, dead_letter)
        except asyncio.CancelledError:
            await asyncio.shield(_hand_back(ctx, claim, worker))
            raise
        except Exception as error:  # noqa: BLE001 - the retry policy below decides
            log.warning("job_failed", job_id=str(claim.job_id), error=describe(error))
            if claim.attempts >= s.transcode_max_attempts:
                await _give_up(ctx, envelope, event, raw, error, claim, dead_letter)
            else:
                backoff = s.transcode_first_backoff_s * 2 ** (claim.attempts - 1)
                async with ctx.runtime.sessions.begin() as session:
                    await queue.release(session, claim.job_id, worker, backoff, describe(error))
    finally:
        correlation_id.reset(token)


async def _hand_back(ctx: TranscodeContext, claim: queue.Claim, worker: str) -> None:
    """The process is stopping: let another worker start the job now, not a lease later."""
    try:
        async with ctx.runtime.sessions.begin() as session:
            await queue.hand_back(session, claim.job_id, worker)
        log.info("job_handed_back", job_id=str(claim.job_id))
    except Exception as error:  # noqa: BLE001 - the lease runs out instead
        log.warning("job_hand_back_failed", error=describe(error))


def _raw(stored: dict[str, Any]) -> bytes:
    return Envelope.model_validate(stored).to_bytes()


async def _give_up(
    ctx: TranscodeContext,
    envelope: Envelope,
    event: Event,
    raw: bytes,
    error: BaseException,
    claim: queue.Claim,
    dead_letter: DeadLetter,
) -> None:
    work = WORK[claim.kind]
    await work.give_up(ctx, envelope, event, error)
    source = topic_name(work.source, ctx.settings.topic_prefix)
    await dead_letter(raw, source, describe(error), claim.attempts)


async def _holding_lease(
    ctx: TranscodeContext,
    claim: queue.Claim,
    worker: str,
    work: Coroutine[Any, Any, None],
    dead_letter: DeadLetter,
) -> None:
    """Run `work` while renewing the lease, letting much shorter jobs run first while it is
    paused; cancel it if the job stops being ours."""
    handle = pausing.Pausable()
    with handle.around():
        job = asyncio.ensure_future(work)
    keeper = asyncio.ensure_future(_keep_lease(ctx, claim, worker))
    finished = asyncio.Event()
    limit_s = ctx.settings.yield_limit_s(claim.weight_s)
    shorter = asyncio.ensure_future(
        _let_shorter_by(ctx, worker, handle, finished, limit_s, dead_letter)
    )
    try:
        await asyncio.wait({job, keeper}, return_when=asyncio.FIRST_COMPLETED)
    except asyncio.CancelledError:  # stopping: the shorter job is handed back too
        shorter.cancel()
        raise
    finally:
        if not job.done():
            log.warning("job_lease_lost", job_id=str(claim.job_id))
            handle.resume()
            job.cancel()
            await asyncio.gather(job, return_exceptions=True)
        finished.set()  # a shorter job already running is let finish, not handed back
        await asyncio.gather(shorter, return_exceptions=True)
        keeper.cancel()
        await asyncio.gather(keeper, return_exceptions=True)
    if not job.cancelled():
        job.result()


async def _let_shorter_by(
    ctx: TranscodeContext,
    worker: str,
    handle: pausing.Pausable,
    finished: asyncio.Event,
    limit_s: float | None,
    dead_letter: DeadLetter,
) -> None:
    """While the long job runs: pause it for each queued job at most `limit_s` long."""
    if limit_s is None:
        return
    while not finished.is_set():
        claim = await _claim(ctx, worker, limit_s)
        if claim is None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(finished.wait(), ctx.settings.transcode_poll_s)
            continue
        log.info("job_paused_for_shorter", job_id=str(claim.job_id))
        handle.pause()
        try:
            await _run_claimed(ctx, claim, worker, dead_letter)
        finally:
            handle.resume()


async def _keep_lease(ctx: TranscodeContext, claim: queue.Claim, worker: str) -> None:
    """Renew every third of the lease; return once the job is no longer ours."""
    lease_s = ctx.settings.transcode_lease_s
    while True:
        await asyncio.sleep(lease_s / 3)
        try:
            async with ctx.runtime.sessions.begin() as session:
                if not await queue.renew(session, claim.job_id, worker, claim.attempts, lease_s):
                    return
        except Exception as error:  # noqa: BLE001 - try again before the lease runs out
            log.warning("lease_renewal_failed", error=describe(error))
