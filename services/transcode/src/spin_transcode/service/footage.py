"""footage.uploaded -> a queued job -> (any worker) probe -> ffmpeg -> outputs in storage ->
footage.transcoded.

Every path ends in footage.transcoded or footage.failed: refusals at once, other failures
after the queue runner's retries (see `service/runner.py` and `give_up_footage`).
"""

from __future__ import annotations

from pathlib import Path

from spin_contracts.events import Envelope, Event
from spin_contracts.events.failures import FailureCode
from spin_contracts.events.footage import (
    FootageFailed,
    FootageTranscoded,
    FootageTranscodeProgress,
    FootageUploaded,
    MediaMetadata,
    Rendition,
)
from spincore.logging import get_logger
from sqlalchemy.ext.asyncio import AsyncSession

from spin_transcode.adapters import ffmpeg, jobs
from spin_transcode.adapters.storage import SourceMissingError
from spin_transcode.adapters.workspace import NotEnoughDiskError, check_room, scratch
from spin_transcode.domain import keys
from spin_transcode.domain.failures import Refusal, gave_up_reason
from spin_transcode.domain.plan import TranscodePlan, plan_transcode
from spin_transcode.domain.probe import assess, refusal_from_probe_error
from spin_transcode.domain.progress import ProgressThrottle
from spin_transcode.domain.thumbnails import thumbnails_vtt
from spin_transcode.domain.verification import rendition_problems
from spin_transcode.service.context import StageError, TranscodeContext, stage
from spin_transcode.service.lifecycle import footage_verified
from spin_transcode.service.stopping import (
    CONSENT_WITHDRAWN,
    ConsentWithdrawnError,
    unless_withdrawn,
)

log = get_logger(__name__)
MISSING_SOURCE = "The uploaded file is no longer in storage, so it cannot be processed."


class RenditionUnverifiedError(RuntimeError):
    """A stored rendition does not match its source (retried like any transcode failure)."""


async def handle_uploaded(ctx: TranscodeContext, envelope: Envelope, event: Event) -> None:
    """Queue the job (weighed by the source's duration) for whichever worker is free."""
    assert isinstance(event, FootageUploaded)
    if envelope.producer != ctx.settings.transcode_footage_from:
        log.info(
            "footage_not_from_ingest_ignored",
            footage_id=str(event.footage_id),
            producer=envelope.producer,
        )
        return
    weight_s = await _weigh(ctx, event)
    await ctx.queue_job(
        event.footage_id, jobs.JobKind.FOOTAGE, event.footage_id, envelope, weight_s
    )


async def _weigh(ctx: TranscodeContext, event: FootageUploaded) -> float:
    """The source's seconds by a cheap ffprobe, or an estimate from its size when that fails
    (the job itself then refuses or retries as usual)."""
    try:
        url = await ctx.store.readable_url(event.bucket, event.object_key)
        verdict = await _probe(ctx, url)
    except Exception as error:  # noqa: BLE001 - only the queue order depends on it
        log.info("footage_weighed_by_size", error=type(error).__name__)
        return event.size_bytes / ctx.settings.transcode_bytes_per_s
    if isinstance(verdict, Refusal):
        return 0.0  # refused at once when run: no reason to wait
    return verdict.duration_s


async def transcode_footage(ctx: TranscodeContext, envelope: Envelope, event: Event) -> None:
    """One attempt of a claimed footage job; ends in footage.transcoded or footage.failed, or
    raises for the queue runner to retry."""
    assert isinstance(event, FootageUploaded)
    try:
        transcoded = await unless_withdrawn(ctx, event.case_code, _process(ctx, envelope, event))
    except ConsentWithdrawnError:
        withdrawn = Refusal(FailureCode.CONSENT_WITHDRAWN, CONSENT_WITHDRAWN)
        await _refuse(ctx, envelope, event, "consent", withdrawn)
        return
    if transcoded is None:
        return
    verified_at = ctx.clock()

    async def start_retention(session: AsyncSession) -> None:
        await footage_verified(ctx, session, event, envelope.tenant, verified_at)

    await ctx.conclude(
        event.footage_id,
        jobs.JobStatus.READY,
        envelope,
        lambda _: transcoded,
        also=start_retention,
    )


async def _process(
    ctx: TranscodeContext, envelope: Envelope, event: FootageUploaded
) -> FootageTranscoded | None:
    """Probe, transcode, store and verify; None when the footage was refused."""
    async with stage("source"):
        settings = ctx.settings
        check_room(
            ctx.scratch,
            settings.transcode_min_free_bytes
            + int(event.size_bytes * settings.transcode_disk_factor),
        )
        try:
            url = await ctx.store.readable_url(event.bucket, event.object_key)
        except SourceMissingError:
            missing = Refusal(FailureCode.SOURCE_MISSING, MISSING_SOURCE)
            await _refuse(ctx, envelope, event, "source", missing)
            return None
    async with stage("probe"):
        verdict = await _probe(ctx, url)
    if isinstance(verdict, Refusal):
        await _refuse(ctx, envelope, event, "probe", verdict)
        return None
    transcoded = await _transcode(ctx, envelope, event, url, verdict)
    async with stage("verify"):
        await _verify(ctx, transcoded)
    return transcoded


async def _verify(ctx: TranscodeContext, transcoded: FootageTranscoded) -> None:
    """ffprobe each stored rendition: streams present, duration within a second of the source."""
    problems = []
    for rendition in transcoded.renditions:
        url = await ctx.store.readable_url(transcoded.bucket, rendition.key)
        probed = await ffmpeg.probe(url)
        problems += rendition_problems(rendition.name, probed, transcoded.metadata)
    if problems:
        raise RenditionUnverifiedError("; ".join(problems))


async def _probe(ctx: TranscodeContext, url: str) -> MediaMetadata | Refusal:
    try:
        probe = await ffmpeg.probe(url)
    except ffmpeg.FfmpegError as error:
        refusal = refusal_from_probe_error(error.tail)
        if refusal is None:
            raise
        return refusal
    return assess(probe, ctx.settings.transcode_max_duration_s)


async def _transcode(
    ctx: TranscodeContext,
    envelope: Envelope,
    event: FootageUploaded,
    url: str,
    metadata: MediaMetadata,
) -> FootageTranscoded:
    plan = plan_transcode(metadata, ctx.settings.ladder())
    with scratch(ctx.scratch, str(event.footage_id)) as folder:
        files = {rung.name: folder / f"{rung.name}.mp4" for rung in plan.rungs}
        files |= {"poster": folder / keys.POSTER, "sprite": folder / keys.SPRITE}
        async with stage("transcode"):
            encoding = ctx.encoding_for(plan.duration_s)
            commands = ffmpeg.web_outputs_commands(url, plan, encoding, files)
            await ffmpeg.run_in_order(commands, _progress_reporter(ctx, envelope, event, plan))
            vtt = folder / keys.THUMBNAILS_VTT
            vtt.write_text(thumbnails_vtt(plan.grid, plan.duration_s, keys.SPRITE))
        async with stage("upload"):
            return await _store_outputs(ctx, event, plan, files, vtt, metadata)


def _progress_reporter(
    ctx: TranscodeContext, envelope: Envelope, event: FootageUploaded, plan: TranscodePlan
) -> ffmpeg.Progress:
    throttle = ProgressThrottle(plan.duration_s, ctx.settings.transcode_progress_step)

    async def report(done_s: float) -> None:
        percent = throttle.advance(done_s)
        if percent is not None:
            progress = FootageTranscodeProgress(
                footage_id=event.footage_id,
                case_code=event.case_code,
                percent=percent,
                stage="transcode",
            )
            await ctx.announce(progress, envelope)

    return report


async def _store_outputs(
    ctx: TranscodeContext,
    event: FootageUploaded,
    plan: TranscodePlan,
    files: dict[str, Path],
    vtt: Path,
    metadata: MediaMetadata,
) -> FootageTranscoded:
    bucket = ctx.settings.s3_bucket
    renditions = []
    for rung in plan.rungs:
        key = keys.rendition_key(event.footage_id, f"{rung.name}.mp4")
        size = await ctx.store.upload(bucket, key, files[rung.name])
        renditions.append(
            Rendition(
                name=rung.name, key=key, width=rung.width, height=rung.height, size_bytes=size
            )
        )
    extras = {"poster": files["poster"], "sprite": files["sprite"], "vtt": vtt}
    stored = {}
    for name, path in extras.items():
        stored[name] = keys.rendition_key(event.footage_id, path.name)
        await ctx.store.upload(bucket, stored[name], path)
    return FootageTranscoded(
        footage_id=event.footage_id,
        case_code=event.case_code,
        bucket=bucket,
        renditions=renditions,
        poster_key=stored["poster"],
        sprite_key=stored["sprite"],
        thumbnails_vtt_key=stored["vtt"],
        metadata=metadata,
    )


async def _refuse(
    ctx: TranscodeContext, envelope: Envelope, event: FootageUploaded, at: str, why: Refusal
) -> None:
    """footage.failed at once: why as a code and its values, worded by the reader's side."""
    log.info("footage_refused", footage_id=str(event.footage_id), stage=at, code=why.code)
    await ctx.fail(
        event.footage_id,
        envelope,
        lambda attempts: FootageFailed(
            footage_id=event.footage_id,
            case_code=event.case_code,
            stage=at,
            attempts=attempts,
            **why.fields(),
        ),
        error=why.reason,
    )


async def give_up_footage(
    ctx: TranscodeContext, envelope: Envelope, event: Event, error: BaseException
) -> None:
    """After the last retry: footage.failed with the stage and ffmpeg's last words."""
    assert isinstance(event, FootageUploaded)
    failed = error if isinstance(error, StageError) else StageError("transcode", error)
    short_of_disk = isinstance(failed.error, NotEnoughDiskError)
    await ctx.fail(
        event.footage_id,
        envelope,
        lambda attempts: FootageFailed(
            footage_id=event.footage_id,
            case_code=event.case_code,
            stage=failed.stage,
            reason=gave_up_reason(failed.stage, attempts, short_of_disk),
            detail=failed.detail,
            attempts=attempts,
            reason_code=FailureCode.GAVE_UP,  # worded by the reader's side, in its language
            short_of_disk=short_of_disk,
        ),
        error=failed.detail,
    )
