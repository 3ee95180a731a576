"""The erasure runner: due jobs, a batch at a time, in one process at a time.

A pass claims due jobs (never those of a case on legal hold) and takes them in parts of
neighbouring footage (a part is listed while the one before is being deleted); for a part it
finds the objects by prefix and keeps that inventory before deleting anything, aborts
unfinished multipart uploads, deletes the objects in batches, lists again until nothing is
left, and only then marks each job done and stages its `footage.erased` in the same
transaction. Anything failing leaves the job running
with a later next attempt (backoff); a process killed mid-pass leaves it running too, and the
next pass (here or in another process) finishes it: every step is idempotent.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from spin_contracts.events import Envelope, Tenant
from spin_contracts.events.footage import ErasedObject, ErasureReason, ErasureScope, FootageErased
from spincore.db.locks import LOCK_CLASS, lock_key
from spincore.db.outbox import outbox_values
from spincore.logging import get_logger
from sqlalchemy import func, select

from spin_transcode.adapters import erasure_jobs, lifecycle
from spin_transcode.adapters.erasing import Found, StorageEraser, Wanted
from spin_transcode.adapters.erasure_jobs import ClaimedJob
from spin_transcode.domain.erasure import backoff_s, kind_of, prefixes
from spin_transcode.service.context import TranscodeContext

log = get_logger(__name__)
VERIFY_ROUNDS = 3  # a job still finding objects after this many rounds is retried later
PIPELINE_PART = 250  # jobs listed together while the previous ones are being deleted


class LeftoverError(RuntimeError):
    """Objects of a footage were still there after deleting them."""


@contextlib.asynccontextmanager
async def _only_runner(ctx: TranscodeContext) -> AsyncIterator[bool]:
    """One pass at a time across processes (the service and the admin CLI)."""
    key = lock_key(ctx.settings.db_schema, "erasure")
    async with ctx.runtime.engine.connect() as conn:
        taken = bool(await conn.scalar(select(func.pg_try_advisory_lock(LOCK_CLASS, key))))
        await conn.commit()
        try:
            yield taken
        finally:
            if taken:
                await conn.scalar(select(func.pg_advisory_unlock(LOCK_CLASS, key)))
                await conn.commit()


async def erase_due(ctx: TranscodeContext, eraser: StorageEraser) -> int:
    """Run due erasures until none is left; the number of jobs finished."""
    finished = 0
    async with _only_runner(ctx) as taken:
        if not taken:
            return 0
        while True:
            done, tried = await _one_pass(ctx, eraser)
            finished += done
            if tried < ctx.settings.erasure_batch or done == 0:
                return finished


async def _one_pass(ctx: TranscodeContext, eraser: StorageEraser) -> tuple[int, int]:
    settings = ctx.settings
    async with ctx.runtime.sessions.begin() as session:
        claimed = await erasure_jobs.claim_due(
            session, ctx.clock(), settings.erasure_batch, settings.erasure_job_wait_s
        )
        claimed = await _drop_parts_beside_all(session, claimed)
        claimed = await _with_training_keys(session, claimed)
    if not claimed:
        return 0, 0
    done, removing = 0, None
    for part in _parts(claimed):
        try:  # while the part before is being deleted
            inventories = await _inventories(ctx, eraser, part)
        except Exception as error:  # noqa: BLE001 - storage away: try again later
            await _retry_later(ctx, part, error)
            continue
        done += await removing if removing else 0
        removing = asyncio.create_task(_remove_and_conclude(ctx, eraser, part, inventories))
    done += await removing if removing else 0
    return done, len(claimed)


def _parts(claimed: list[ClaimedJob]) -> list[list[ClaimedJob]]:
    """The batch in runs of neighbouring footage ids (their keys sit side by side, so a run's
    listings share pages): one run is listed while the one before is deleted."""
    ordered = sorted(claimed, key=lambda job: str(job.footage_id))
    return [ordered[at : at + PIPELINE_PART] for at in range(0, len(ordered), PIPELINE_PART)]


async def _remove_and_conclude(
    ctx: TranscodeContext,
    eraser: StorageEraser,
    part: list[ClaimedJob],
    inventories: dict[UUID, list[dict[str, Any]]],
) -> int:
    kept = {job_id: len(entries) for job_id, entries in inventories.items()}
    try:
        await _remove_until_gone(eraser, part, inventories)
    except Exception as error:  # noqa: BLE001 - storage away or a leftover: try again later
        await _retry_later(ctx, part, error)
        return 0
    await _conclude(ctx, part, inventories, kept)
    return len(part)


async def _drop_parts_beside_all(session: Any, claimed: list[ClaimedJob]) -> list[ClaimedJob]:
    """A footage erased wholly needs no separate erasure of its camera file or training clips."""
    whole = {job.footage_id for job in claimed if job.scope == ErasureScope.ALL}
    moot = [job for job in claimed if job.scope != ErasureScope.ALL and job.footage_id in whole]
    if moot:
        await erasure_jobs.supersede(session, [job.job_id for job in moot])
    return [job for job in claimed if job not in moot]


async def _with_training_keys(session: Any, claimed: list[ClaimedJob]) -> list[ClaimedJob]:
    """Training erasures with the keys of their footage's clips marked for training."""
    training = [job.footage_id for job in claimed if job.scope == ErasureScope.TRAINING]
    if not training:
        return claimed
    keys = await lifecycle.training_keys(session, training)
    return [
        replace(job, keys=tuple(keys.get(job.footage_id, ())))
        if job.scope == ErasureScope.TRAINING
        else job
        for job in claimed
    ]


async def _find(eraser: StorageEraser, jobs: list[ClaimedJob]) -> dict[UUID, list[Found]]:
    """The objects of every job, listed together per bucket."""
    by_bucket: dict[str, dict[UUID, Wanted]] = {}
    for job in jobs:
        scope = ErasureScope(job.scope)
        where = prefixes(scope, job.footage_id, job.staging_prefix)
        raw_key = None if scope is ErasureScope.TRAINING else job.raw_key
        wanted = Wanted(tuple(where), raw_key, job.keys)
        by_bucket.setdefault(job.bucket, {})[job.job_id] = wanted
    found: dict[UUID, list[Found]] = {}
    for listed in await asyncio.gather(
        *(eraser.find(bucket, wanted) for bucket, wanted in by_bucket.items())
    ):
        found.update(listed)
    return found


def _entry(item: Found) -> dict[str, Any]:
    kind = "multipart" if item.upload_id else kind_of(item.key).value
    return {
        "key": item.key,
        "kind": kind,
        "size_bytes": item.size_bytes,
        "upload_id": item.upload_id,
    }


async def _inventories(
    ctx: TranscodeContext, eraser: StorageEraser, claimed: list[ClaimedJob]
) -> dict[UUID, list[dict[str, Any]]]:
    """What each job removes: kept from an interrupted run, else listed and kept now."""
    fresh = [job for job in claimed if job.inventory is None]
    listed = await _find(eraser, fresh) if fresh else {}
    new = {job_id: [_entry(item) for item in items] for job_id, items in listed.items()}
    if new:
        async with ctx.runtime.sessions.begin() as session:
            await erasure_jobs.keep_inventory(session, new)
    return {job.job_id: job.inventory or new[job.job_id] for job in claimed}


def _as_found(entry: dict[str, Any]) -> Found:
    return Found(entry["key"], entry["size_bytes"], entry.get("upload_id"))


async def _remove_until_gone(
    eraser: StorageEraser, claimed: list[ClaimedJob], inventories: dict[UUID, list[dict[str, Any]]]
) -> None:
    """Delete every inventoried object, then list again: what appeared meanwhile (a clip
    finishing, a last upload request) joins the inventory and goes too."""
    pending = {job.job_id: [_as_found(e) for e in inventories[job.job_id]] for job in claimed}
    for _ in range(VERIFY_ROUNDS):
        by_bucket: dict[str, list[Found]] = {}
        for job in claimed:
            by_bucket.setdefault(job.bucket, []).extend(pending[job.job_id])
        for bucket, found in by_bucket.items():
            failed = await eraser.remove(bucket, found)
            if failed:
                raise LeftoverError(f"{len(failed)} objects could not be deleted")
        pending = await _find(eraser, claimed)
        for job in claimed:
            inventories[job.job_id] += [_entry(item) for item in pending[job.job_id]]
        if not any(pending.values()):
            return
    raise LeftoverError("objects kept appearing while the footage was being erased")


async def _retry_later(ctx: TranscodeContext, claimed: list[ClaimedJob], error: Exception) -> None:
    settings = ctx.settings
    log.warning("erasure_retrying", jobs=len(claimed), error=repr(error))
    with contextlib.suppress(Exception):  # the database away too: the jobs stay due anyway
        async with ctx.runtime.sessions.begin() as session:
            for job in claimed:
                wait = backoff_s(
                    job.attempts, settings.erasure_first_backoff_s, settings.erasure_max_backoff_s
                )
                at = ctx.clock() + timedelta(seconds=wait)
                await erasure_jobs.retry_later(session, [job.job_id], type(error).__name__, at)


async def _conclude(
    ctx: TranscodeContext,
    claimed: list[ClaimedJob],
    inventories: dict[UUID, list[dict[str, Any]]],
    kept: dict[UUID, int],
) -> None:
    """Jobs done and their events staged; an inventory that grew while deleting (objects
    that appeared meanwhile) is written again, one that did not stays as kept."""
    now = ctx.clock()
    final = {job.job_id: _unique(inventories[job.job_id]) for job in claimed}
    grown = {job_id for job_id, entries in inventories.items() if len(entries) != kept[job_id]}

    def staged(finished: list[ClaimedJob]) -> list[dict[str, Any]]:
        return [_staged_event(ctx, job, final[job.job_id], now) for job in finished]

    async with ctx.runtime.sessions.begin() as session:
        jobs = [(job, final[job.job_id] if job.job_id in grown else None) for job in claimed]
        finished = await erasure_jobs.finish(session, jobs, now, staged)
    with contextlib.suppress(RuntimeError):  # the admin CLI runs no relay; the service's sends
        ctx.runtime.relay.wake()
    log.info("footage_erased", jobs=len(finished))


def _staged_event(
    ctx: TranscodeContext, job: ClaimedJob, inventory: list[dict[str, Any]], now: datetime
) -> dict[str, Any]:
    """The outbox row of a job's `footage.erased`."""
    event = FootageErased(
        footage_id=job.footage_id,
        case_code=job.case_code,
        scope=ErasureScope(job.scope),
        reason=ErasureReason(job.reason),
        due_at=job.due_at,
        erased_at=now,
        bucket=job.bucket,
        objects=[ErasedObject(**_public(entry)) for entry in inventory],
    )
    tenant = Tenant(institute_id=job.institute_id, agency_id=job.agency_id, site_id=job.site_id)
    envelope = Envelope.wrap(
        event, producer=ctx.settings.service_name, tenant=tenant, occurred_at=now
    )
    return outbox_values(envelope, event, ctx.settings.topic_prefix)


def _unique(inventory: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: dict[tuple[str, str | None], dict[str, Any]] = {}
    for entry in inventory:
        seen.setdefault((entry["key"], entry.get("upload_id")), entry)
    return list(seen.values())


def _public(entry: dict[str, Any]) -> dict[str, Any]:
    """An inventory entry as the event carries it (the upload id is storage's business)."""
    return {"key": entry["key"], "kind": entry["kind"], "size_bytes": entry["size_bytes"]}


async def run_forever(ctx: TranscodeContext, eraser: StorageEraser) -> None:
    """Every `erasure_check_s`: run what is due (a lifespan part in one process)."""
    while True:
        try:
            await erase_due(ctx, eraser)
        except Exception as error:  # noqa: BLE001 - the database away: next round
            log.warning("erasure_pass_failed", error=repr(error))
        await asyncio.sleep(ctx.settings.erasure_check_s)
