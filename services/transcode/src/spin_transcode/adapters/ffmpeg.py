"""The one module that knows ffmpeg: command lines built with ffmpeg-python, run as asyncio
subprocesses so the event loop keeps serving Kafka heartbeats and health checks.

ffmpeg-python is unmaintained and its import name clashes with other ffmpeg packages, so it
stays behind this module (never install another `ffmpeg` distribution).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ffmpeg

from spin_transcode.adapters import pausing
from spin_transcode.domain.ladder import Rung
from spin_transcode.domain.plan import TranscodePlan
from spin_transcode.domain.progress import out_time_s

STDERR_LINES = 12
# Read the source over HTTP (a presigned URL): range requests, reconnect on a dropped link.
HTTP_INPUT = {"reconnect": 1, "reconnect_on_network_error": 1, "reconnect_delay_max": 4}
Progress = Callable[[float], Awaitable[None]]
# Every clip and title card gets the same audio rate and video time scale: a reel is then
# their streams joined as they are.
SAMPLE_RATE = 48000
TIMESCALE = 90000


class FfmpegError(RuntimeError):
    """ffmpeg or ffprobe exited with an error; `tail` holds the last lines it wrote."""

    def __init__(self, tool: str, tail: str) -> None:
        super().__init__(f"{tool} failed: {tail.splitlines()[-1] if tail else 'no output'}")
        self.tail = tail


@dataclass(frozen=True)
class Encoding:
    preset: str
    crf: int
    threads: int


async def probe(url: str) -> dict[str, Any]:
    """ffprobe's JSON view of a file or URL (raises FfmpegError with ffprobe's complaint)."""
    process = await asyncio.create_subprocess_exec(
        "ffprobe",
        "-v",
        "error",
        "-show_format",
        "-show_streams",
        "-of",
        "json",
        url,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await process.communicate()
    if process.returncode != 0:
        raise FfmpegError("ffprobe", _tail(err.decode(errors="replace")))
    parsed: dict[str, Any] = json.loads(out or b"{}")
    return parsed


def _tail(text: str) -> str:
    return "\n".join(text.strip().splitlines()[-STDERR_LINES:])


def _h264(encoding: Encoding, fps: float, audio: bool, joinable: bool = False) -> dict[str, Any]:
    """x264 and AAC; `joinable` outputs (clips, title cards) share one video time scale so a
    reel joins them as they are (renditions keep the one that fits their frame rate)."""
    options: dict[str, Any] = {
        "vcodec": "libx264",
        "profile:v": "high",
        "pix_fmt": "yuv420p",
        "preset": encoding.preset,
        "crf": encoding.crf,
        "r": fps,
        "threads": encoding.threads,
        "movflags": "+faststart",
    }
    if joinable:
        options["video_track_timescale"] = TIMESCALE
    if audio:
        options |= {"acodec": "aac", "b:a": "128k", "ac": 2, "ar": SAMPLE_RATE}
    return options


def web_outputs_commands(
    source: str,
    plan: TranscodePlan,
    encoding: Encoding,
    outputs: dict[str, Path],
    *,
    thumbnails: bool = True,
) -> list[list[str]]:
    """The ffmpeg runs that make a footage's web outputs, in order.

    The first decodes once and splits into every rendition, the poster and the sprite's
    frames; the second tiles those frames into the sprite sheet (a few dozen small images).
    The sheet is not tiled in the first run: ffmpeg 5.1 writes no `-progress` line until a
    `tile` output has its one frame, at the end, and progress must move for long footage.
    `outputs` maps rung names, "poster" and "sprite" to local paths. Without `thumbnails`
    only the renditions are made (the benchmark prices poster and sprite that way).
    """
    inp = ffmpeg.input(source, **(HTTP_INPUT if source.startswith("http") else {}))
    video = inp.video.filter("fps", fps=plan.fps).filter("setsar", 1)
    branches = video.filter_multi_output("split", len(plan.rungs) + (2 if thumbnails else 0))
    streams = []
    for index, rung in enumerate(plan.rungs):
        picture = branches[index].filter("scale", rung.width, rung.height)
        parts = [picture, inp.audio] if plan.has_audio else [picture]
        options = _h264(encoding, plan.fps, plan.has_audio)
        streams.append(ffmpeg.output(*parts, str(outputs[rung.name]), **options))
    if not thumbnails:
        return [_args(ffmpeg.merge_outputs(*streams))]
    frames = _sprite_frames(outputs["sprite"])
    streams += _thumbnails(plan, branches, outputs["poster"], frames)
    return [_args(ffmpeg.merge_outputs(*streams)), _tile_args(plan, frames, outputs["sprite"])]


def _sprite_frames(sprite: Path) -> str:
    """Where the sprite's frames wait to be tiled: beside the sheet, an image2 pattern."""
    return str(sprite.with_name(f"{sprite.stem}-frame-%04d.png"))


def _thumbnails(plan: TranscodePlan, branches: Any, poster_file: Path, frames: str) -> list[Any]:
    top = plan.rungs[0]
    poster = (
        branches[len(plan.rungs)]
        .filter("trim", start=plan.poster_at_s)
        .filter("scale", top.width, top.height)
    )
    made = [poster.output(str(poster_file), vframes=1, **{"q:v": 3})]
    grid = plan.grid
    sprite = (
        branches[len(plan.rungs) + 1]
        # The first frame, then one every interval: an fps filter this slow yields nothing
        # for a source shorter than half an interval, and every source needs its sprite.
        .filter("select", f"isnan(prev_selected_t)+gte(t-prev_selected_t,{grid.interval_s})")
        .filter("scale", grid.tile_width, grid.tile_height)
    )
    # Each selected frame as it is (no frames repeated to a constant rate), lossless: the
    # sheet is compressed once, when tiled.
    made.append(sprite.output(frames, fps_mode="passthrough"))
    return made


def _tile_args(plan: TranscodePlan, frames: str, sprite: Path) -> list[str]:
    tiled = ffmpeg.input(frames, framerate=1).filter("tile", plan.grid.layout)
    return _args(tiled.output(str(sprite), vframes=1, **{"q:v": 4}))


def _args(stream: Any) -> list[str]:
    args: list[str] = ffmpeg.compile(
        stream.global_args("-hide_banner", "-nostats", "-progress", "pipe:1", "-loglevel", "error"),
        overwrite_output=True,
    )
    return args


def clip_args(
    source: str,
    start_s: float,
    duration_s: float,
    target: Path,
    *,
    rung: Rung,
    fps: float,
    audio: bool,
    encoding: Encoding,
) -> list[str]:
    """A frame-accurate cut: seek the input, then re-encode exactly `duration_s`."""
    opts = HTTP_INPUT if source.startswith("http") else {}
    inp = ffmpeg.input(source, ss=f"{start_s:.3f}", t=f"{duration_s:.3f}", **opts)
    picture = inp.video.filter("scale", rung.width, rung.height).filter("setsar", 1)
    parts = [picture, inp.audio] if audio else [picture]
    return _args(ffmpeg.output(*parts, str(target), **_h264(encoding, fps, audio, joinable=True)))


@dataclass(frozen=True)
class Card:
    """A title card of the reel: text on a plain background, with silence, made at `target`."""

    text_file: Path
    target: Path


def cards_args(
    cards: list[Card],
    *,
    card_s: float,
    rung: Rung,
    fps: float,
    audio: bool,
    encoding: Encoding,
) -> list[str]:
    """The reel's title cards, encoded exactly like the clips so the reel joins them without
    re-encoding (see `concat_args`); one command for all of them (one start of ffmpeg)."""
    size = f"{rung.width}x{rung.height}"
    outputs = []
    for card in cards:
        background = ffmpeg.input(f"color=c=0x1d3557:s={size}:r={fps}:d={card_s}", f="lavfi")
        picture = background.video.filter(
            "drawtext",
            textfile=str(card.text_file),
            fontcolor="white",
            fontsize="h/14",
            x="(w-text_w)/2",
            y="(h-text_h)/2",
        ).filter("setsar", 1)
        parts = [picture]
        if audio:
            silence = ffmpeg.input(f"anullsrc=r={SAMPLE_RATE}:cl=stereo", f="lavfi", t=card_s)
            parts.append(silence.audio)
        options = _h264(encoding, fps, audio, joinable=True)
        outputs.append(ffmpeg.output(*parts, str(card.target), **options, t=card_s))
    return _args(ffmpeg.merge_outputs(*outputs))


def concat_list(pieces: list[Path]) -> str:
    """The concat demuxer's list of the reel's pieces (absolute local paths)."""
    return "".join(f"file '{piece.resolve()}'\n" for piece in pieces)


def concat_args(list_file: Path, target: Path) -> list[str]:
    """Join clips and cards encoded alike (`clip_args`, `cards_args`) by copying their
    streams: the reel costs a file copy, not a second encode of every clip."""
    joined = ffmpeg.input(str(list_file), f="concat", safe=0)
    return _args(joined.output(str(target), c="copy", movflags="+faststart"))


async def run_in_order(commands: list[list[str]], on_progress: Progress | None = None) -> None:
    """Run ffmpeg commands one after another; the first one's progress is the job's."""
    for index, args in enumerate(commands):
        await run(args, on_progress if index == 0 else None)


async def run(args: list[str], on_progress: Progress | None = None) -> None:
    """Run ffmpeg; report seconds written; kill it if the caller is cancelled."""
    process = await asyncio.create_subprocess_exec(
        *args, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    errors: deque[str] = deque(maxlen=STDERR_LINES)
    try:
        with pausing.tracked(process.pid):
            await asyncio.gather(
                _follow_progress(process.stdout, on_progress), _collect(process.stderr, errors)
            )
            code = await process.wait()
    finally:
        if process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()
    if code != 0:
        raise FfmpegError("ffmpeg", "\n".join(errors))


async def _follow_progress(pipe: asyncio.StreamReader | None, on_progress: Progress | None) -> None:
    assert pipe is not None
    async for raw in pipe:
        seconds = out_time_s(raw.decode(errors="replace"))
        if seconds is not None and on_progress is not None:
            await on_progress(seconds)


async def _collect(pipe: asyncio.StreamReader | None, lines: deque[str]) -> None:
    assert pipe is not None
    async for raw in pipe:
        lines.append(raw.decode(errors="replace").rstrip())
