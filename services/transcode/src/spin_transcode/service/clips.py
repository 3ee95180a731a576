"""clip.requested -> frame-accurate clips (and a reel with title cards) -> clip.rendered.

Clips are cut from the footage's best rendition: it is already upright, constant-rate H.264,
so seeking is cheap and every clip of one footage looks the same.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypedDict
from uuid import UUID

from spin_contracts.events import Envelope, Event
from spin_contracts.events.clip_progress import ClipProgress
from spin_contracts.events.failures import FailureCode
from spin_contracts.events.footage import ClipFailed, ClipRendered, ClipRequested, RenderedClip
from spincore.i18n import N_, Catalogs

from spin_transcode.adapters import ffmpeg, jobs
from spin_transcode.adapters.background import Background
from spin_transcode.adapters.workspace import scratch
from spin_transcode.domain import keys
from spin_transcode.domain.clips import problem_words, segment_problems
from spin_transcode.domain.failures import Refusal, gave_up_reason
from spin_transcode.domain.ladder import Rung, output_fps
from spin_transcode.service.context import StageError, TranscodeContext, stage
from spin_transcode.service.stopping import (
    CONSENT_WITHDRAWN,
    ConsentWithdrawnError,
    unless_withdrawn,
)

# Title cards per ffmpeg command: one start for several, but not one encoder per card of a
# long plan in one process.
CARDS_AT_ONCE = 6
CATALOGS = Catalogs(Path(__file__).resolve().parent.parent / "locale")
NOT_PROCESSED = "The footage could not be processed, so no clips can be cut from it."
NOT_READY = "The footage has not finished processing yet; please ask for the clips again later."


class FootageNotReadyError(RuntimeError):
    """The transcode of this footage has not finished (yet): retried with backoff."""


async def queue_clip_request(ctx: TranscodeContext, envelope: Envelope, event: Event) -> None:
    """Queue the render (weighed by its clips' seconds, so it goes before long footage) for
    whichever worker is free."""
    assert isinstance(event, ClipRequested)
    weight_s = sum(segment.end_s - segment.start_s for segment in event.clips)
    await ctx.queue_job(event.request_id, jobs.JobKind.CLIPS, event.footage_id, envelope, weight_s)


async def render_clips(ctx: TranscodeContext, envelope: Envelope, event: Event) -> None:
    """One attempt of a claimed clips job; ends in clip.rendered or clip.failed, or raises for
    the queue runner to retry (footage not transcoded yet, ffmpeg or storage failing)."""
    assert isinstance(event, ClipRequested)
    async with ctx.runtime.sessions.begin() as session:
        footage = await jobs.footage_job(session, event.footage_id)
    if footage is not None and footage[0] == jobs.JobStatus.FAILED:
        await _fail(ctx, envelope, event, Refusal(FailureCode.FOOTAGE_FAILED, NOT_PROCESSED))
        return
    if footage is None or footage[0] != jobs.JobStatus.READY:
        raise StageError("clips", FootageNotReadyError(NOT_READY))
    transcoded: dict[str, Any] = footage[1]
    refused = _segments_refused(ctx, event, transcoded["metadata"]["duration_s"])
    if refused is not None:
        await _fail(ctx, envelope, event, refused)
        return
    try:
        staged = _staged(ctx, envelope, event, transcoded)
        rendered = await unless_withdrawn(ctx, event.case_code, staged)
    except ConsentWithdrawnError:
        await _fail(ctx, envelope, event, Refusal(FailureCode.CONSENT_WITHDRAWN, CONSENT_WITHDRAWN))
        return
    await ctx.conclude(event.request_id, jobs.JobStatus.READY, envelope, lambda _: rendered)


def _segments_refused(
    ctx: TranscodeContext, event: ClipRequested, duration_s: float
) -> Refusal | None:
    """The segments' problems as one refusal (None: all can be cut)."""
    longest = ctx.settings.clip_max_length_s
    problems = segment_problems(event.clips, duration_s, longest)
    if not problems:
        return None
    return Refusal(
        FailureCode.SEGMENTS_REFUSED,
        " ".join(problem_words(p, duration_s, longest) for p in problems),
        duration_s=duration_s,
        limit_s=longest,
        problems=tuple(problems),
    )


async def _staged(
    ctx: TranscodeContext, envelope: Envelope, event: ClipRequested, transcoded: dict[str, Any]
) -> ClipRendered:
    async def cut(done: int) -> None:
        progress = ClipProgress(
            request_id=event.request_id,
            footage_id=event.footage_id,
            case_code=event.case_code,
            clips_done=done,
            clips_total=len(event.clips),
        )
        await ctx.announce(progress, envelope)

    async with stage("clips"):
        return await _render(ctx, event, transcoded, cut)


async def _render(
    ctx: TranscodeContext,
    event: ClipRequested,
    transcoded: dict[str, Any],
    cut_so_far: Callable[[int], Awaitable[None]],
) -> ClipRendered:
    best = transcoded["renditions"][0]
    rung = Rung(best["name"], best["width"], best["height"])
    fps = output_fps(transcoded["metadata"]["frame_rate"], ctx.settings.transcode_max_fps)
    audio = bool(transcoded["metadata"]["has_audio"])
    source = await ctx.store.readable_url(transcoded["bucket"], best["key"])
    bucket = ctx.settings.s3_bucket
    shape: dict[str, Any] = {"rung": rung, "fps": fps, "audio": audio, "encoding": ctx.encoding}
    with scratch(ctx.scratch, f"clips-{event.request_id}") as folder:
        clips: list[RenderedClip] = []
        cut: list[Path] = []
        async with Background() as background:
            # The title cards are small encodes, made while the first clips are cut; each
            # clip is stored while the next one is cut.
            cards = background.start(_cards(ctx, folder, event, shape))
            for number, segment in enumerate(event.clips, start=1):
                local = folder / f"clip-{number}.mp4"
                length = segment.end_s - segment.start_s
                await ffmpeg.run(ffmpeg.clip_args(source, segment.start_s, length, local, **shape))
                key = keys.clip_key(event.footage_id, segment.clip_id)
                background.start(ctx.store.upload(bucket, key, local))
                clips.append(RenderedClip(clip_id=segment.clip_id, key=key, duration_s=length))
                cut.append(local)
                await cut_so_far(number)
            reel_key = None
            if event.reel:
                numbered = await cards
                pieces = [p for pair in zip(numbered, cut, strict=True) for p in pair]
                reel_key = keys.reel_key(event.footage_id, event.request_id)
                background.start(ctx.store.upload(bucket, reel_key, await _join(folder, pieces)))
    return ClipRendered(
        request_id=event.request_id,
        footage_id=event.footage_id,
        case_code=event.case_code,
        feedback_plan_id=event.feedback_plan_id,
        bucket=bucket,
        clips=clips,
        reel_key=reel_key,
    )


async def _cards(
    ctx: TranscodeContext, folder: Path, event: ClipRequested, shape: dict[str, Any]
) -> list[Path]:
    """One card before each clip of the reel ("Clip 1", ...): the service's own words, none a
    person typed (those stay in the planner, never on a topic)."""
    if not event.reel:
        return []
    made = [
        ffmpeg.Card(
            _text(folder, f"card-{n}", card_words(event.language, n)), folder / f"card-{n}.mp4"
        )
        for n in range(1, len(event.clips) + 1)
    ]
    for first in range(0, len(made), CARDS_AT_ONCE):
        batch = made[first : first + CARDS_AT_ONCE]
        await ffmpeg.run(ffmpeg.cards_args(batch, card_s=ctx.settings.clip_card_s, **shape))
    return [c.target for c in made]


async def _join(folder: Path, pieces: list[Path]) -> Path:
    listing = folder / "reel.txt"
    listing.write_text(ffmpeg.concat_list(pieces), encoding="utf-8")
    local = folder / "reel.mp4"
    await ffmpeg.run(ffmpeg.concat_args(listing, local))
    return local


def card_words(language: str, number: int) -> str:
    """A title card's words in the reel's language (English where there is no catalog)."""
    offered = language if language in CATALOGS.offered else "en"
    return CATALOGS.sentence(N_("Clip %(number)s"), offered, {"number": number})


def _text(folder: Path, name: str, text: str) -> Path:
    """drawtext reads captions from files: no escaping of quotes, colons or percent signs."""
    path = folder / f"{name}.txt"
    path.write_text(text.replace("%", "%%"), encoding="utf-8")
    return path


class _Answered(TypedDict):
    """Which clip request a clip.failed answers."""

    request_id: UUID
    footage_id: UUID
    case_code: str
    feedback_plan_id: UUID | None


def _answering(event: ClipRequested) -> _Answered:
    return {
        "request_id": event.request_id,
        "footage_id": event.footage_id,
        "case_code": event.case_code,
        "feedback_plan_id": event.feedback_plan_id,
    }


async def _fail(
    ctx: TranscodeContext, envelope: Envelope, event: ClipRequested, why: Refusal
) -> None:
    """clip.failed at once: why as a code and its values, worded by the reader's side."""
    problems = None if why.problems is None else list(why.problems)
    await ctx.fail(
        event.request_id,
        envelope,
        lambda _: ClipFailed(**_answering(event), **why.fields(), problems=problems),
        error=why.reason,
    )


async def give_up_clips(
    ctx: TranscodeContext, envelope: Envelope, event: Event, error: BaseException
) -> None:
    assert isinstance(event, ClipRequested)
    failed = error if isinstance(error, StageError) else StageError("clips", error)
    not_ready = isinstance(failed.error, FootageNotReadyError)
    await ctx.fail(
        event.request_id,
        envelope,
        lambda attempts: ClipFailed(
            **_answering(event),
            reason=NOT_READY if not_ready else gave_up_reason("clips", attempts),
            detail=failed.detail,
            reason_code=FailureCode.NOT_READY if not_ready else FailureCode.GAVE_UP,
            attempts=attempts,
        ),
        error=failed.detail,
    )
