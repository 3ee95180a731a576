"""A withdrawn filming consent stops processing at once: a job of that case is not started,
and a running one is cancelled (its ffmpeg killed) within `transcode_stop_check_s`.

Running jobs look for the withdrawal themselves, in the lifecycle's tables: the job may run in
any worker process, and the withdrawal reaches only the one that consumes it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

from spincore.logging import get_logger

from spin_transcode.service.context import TranscodeContext
from spin_transcode.service.lifecycle import processing_stopped

log = get_logger(__name__)
T = TypeVar("T")
CONSENT_WITHDRAWN = (
    "consent withdrawn: the family withdrew their consent to filming, so this footage is no "
    "longer processed and will be erased"
)


class ConsentWithdrawnError(RuntimeError):
    """The case's filming consent was withdrawn while (or before) the job ran."""


async def unless_withdrawn(
    ctx: TranscodeContext, case_code: str, work: Coroutine[Any, Any, T]
) -> T:
    """Run `work` unless or until the case's filming consent is withdrawn."""
    if await processing_stopped(ctx, case_code):
        work.close()
        raise ConsentWithdrawnError(case_code)
    job = asyncio.ensure_future(work)
    watch = asyncio.ensure_future(_watch(ctx, case_code))
    try:
        await asyncio.wait({job, watch}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        if not job.done():
            job.cancel()
            await asyncio.gather(job, return_exceptions=True)
        watch.cancel()
        await asyncio.gather(watch, return_exceptions=True)
    if job.cancelled():
        log.info("processing_stopped", case_code=case_code)
        raise ConsentWithdrawnError(case_code)
    return job.result()


async def _watch(ctx: TranscodeContext, case_code: str) -> None:
    """Return once the case's consent is withdrawn (a database hiccup just waits a round)."""
    while True:
        await asyncio.sleep(ctx.settings.transcode_stop_check_s)
        try:
            if await processing_stopped(ctx, case_code):
                return
        except Exception as error:  # noqa: BLE001 - keep the job; look again next round
            log.warning("withdrawal_check_failed", error=repr(error))
