"""Review benchmark: "Make clips" to a playable reel, against the bare ffmpeg CLI.

    uv run python -m bench.review [--minutes 10] [--height 1080] [--clips 5] [--clip-s 20]
                                  [--rounds 2]

In one run, on the transcode benchmark's generated source (cached under var/bench/):
1. pipeline: clip.requested for five 20-second moments and a reel published -> the service's
   Faust worker (in this process; real Kafka, MinIO, PostgreSQL) cuts each clip from the
   footage over a presigned URL, makes the title cards, joins the reel, stores every object
   -> clip.rendered received. The footage is registered as transcoded with the source as its
   best rendition (the source already is constant-rate 1080p H.264/AAC), so the setup does not
   spend minutes on a transcode this benchmark does not price.
2. bare ffmpeg: one command cutting the same spans from the local file and joining them with
   the same title cards (one encode of every frame, the fastest way the CLI offers).
Both run `--rounds` times in turns (P C C P ...); the ratio is of their summed wall times.
Last line: `reel_vs_ffmpeg=<ratio> reel_s=<mean seconds of the pipeline>`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID, uuid4

from aiokafka import AIOKafkaConsumer
from spin_contracts.events import Envelope, Tenant
from spin_contracts.events.footage import ClipRequested, ClipSegment
from spin_contracts.topics import Topic, topic_name
from spin_transcode.adapters import ffmpeg, jobs
from spin_transcode.adapters.tables import JOBS
from spin_transcode.api.app import create_app
from spin_transcode.settings import TranscodeSettings
from spincore.db.engine import make_engine
from spincore.kafka import make_producer, publish
from spincore.storage import make_s3
from sqlalchemy import insert

from bench.isolated import clean_up, isolated_settings
from bench.machine import loop_seconds, speed_line
from bench.outcomes import outcome
from bench.steps import Steps, timed_steps
from bench.transcode import OUTCOME_WAIT_S, Clock, generated_source, run_cli


def segments(minutes: float, clips: int, clip_s: float) -> list[ClipSegment]:
    """`clips` spans spread over the source, none on a keyframe boundary on purpose."""
    step = minutes * 60 / clips
    return [
        ClipSegment(
            clip_id=uuid4(), start_s=round(n * step + 7.3, 2), end_s=n * step + 7.3 + clip_s
        )
        for n in range(clips)
    ]


async def register_footage(settings: TranscodeSettings, source: Path, height: int) -> UUID:
    """Upload the source as the footage's best rendition and record the transcode as done."""
    s3 = make_s3(settings)
    if not s3.bucket_exists(settings.s3_bucket):
        s3.make_bucket(settings.s3_bucket)
    footage_id = uuid4()
    key = f"renditions/{footage_id}/{height}p.mp4"
    await asyncio.to_thread(s3.fput_object, settings.s3_bucket, key, str(source))
    probed = await ffmpeg.probe(str(source))
    outputs = {
        "bucket": settings.s3_bucket,
        "renditions": [
            {"name": f"{height}p", "key": key, "width": height * 16 // 9, "height": height}
        ],
        "metadata": {
            "duration_s": float(probed["format"]["duration"]),
            "frame_rate": 30.0,
            "has_audio": True,
        },
    }
    engine = make_engine(settings, pool_size=1)
    async with engine.begin() as conn:
        await conn.execute(
            insert(JOBS).values(
                job_id=footage_id,
                kind=jobs.JobKind.FOOTAGE,
                footage_id=footage_id,
                status=jobs.JobStatus.READY,
                attempts=1,
                outputs=outputs,
                completed_at=datetime.now(UTC),
            )
        )
    await engine.dispose()
    return footage_id


async def run_pipeline(
    settings: TranscodeSettings, source: Path, height: int, spans: list[ClipSegment], clock: Clock
) -> None:
    app = create_app(settings)
    producer = make_producer(settings.kafka, "bench-planner")
    outcomes = AIOKafkaConsumer(
        topic_name(Topic.CLIPS, settings.topic_prefix),
        **settings.kafka.client_options(),
        auto_offset_reset="earliest",
    )
    async with app.router.lifespan_context(app):
        footage_id = await register_footage(settings, source, height)
        request = ClipRequested(
            request_id=uuid4(),
            footage_id=footage_id,
            case_code="BENCH-0001",
            clips=spans,
            reel=True,
        )
        await producer.start()
        await outcomes.start()
        try:
            async with clock.timing():
                envelope = Envelope.wrap(
                    request, producer="bench", tenant=Tenant(institute_id="bench")
                )
                await publish(producer, envelope, request, settings.topic_prefix)
                await outcome(
                    outcomes, "bench.review", "request_id", str(request.request_id),
                    "clip.rendered", "clip.failed", OUTCOME_WAIT_S,
                )  # fmt: skip
        finally:
            await outcomes.stop()
            await producer.stop()


def cli_args(
    source: Path, spans: list[ClipSegment], target: Path, settings: TranscodeSettings
) -> list[str]:
    """One ffmpeg command: card, clip, card, clip ... concatenated and encoded once."""
    height = int(source.stem.rsplit("-", 1)[1].removesuffix("p"))
    size, card_s, fps = f"{height * 16 // 9}x{height}", settings.clip_card_s, 30
    inputs: list[str] = []
    graph: list[str] = []
    for n, span in enumerate(spans):
        inputs += ["-ss", f"{span.start_s:.3f}", "-t", f"{span.end_s - span.start_s:.3f}"]
        inputs += ["-i", str(source)]
        graph.append(
            f"color=c=0x1d3557:s={size}:r={fps}:d={card_s},"
            f"drawtext=text='Clip {n + 1}':fontcolor=white:fontsize=h/14:"
            f"x=(w-text_w)/2:y=(h-text_h)/2,setsar=1[cv{n}];"
            f"anullsrc=r=48000:cl=stereo,atrim=duration={card_s}[ca{n}];"
            f"[{n}:v]fps={fps},setsar=1[v{n}];[{n}:a]aformat=sample_rates=48000:"
            f"channel_layouts=stereo[a{n}]"
        )
    pads = "".join(f"[cv{n}][ca{n}][v{n}][a{n}]" for n in range(len(spans)))
    graph.append(f"{pads}concat=n={2 * len(spans)}:v=1:a=1[v][a]")
    return [
        *("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", *inputs),
        *("-filter_complex", ";".join(graph), "-map", "[v]", "-map", "[a]"),
        *("-c:v", "libx264", "-preset", settings.transcode_preset),
        *("-crf", str(settings.transcode_crf), "-pix_fmt", "yuv420p"),
        *("-threads", str(settings.ffmpeg_threads()), "-c:a", "aac", "-b:a", "128k"),
        *("-movflags", "+faststart", str(target)),
    ]


async def _pipeline_once(
    source: Path, height: int, spans: list[ClipSegment], clock: Clock
) -> Steps:
    settings = isolated_settings()
    try:
        with timed_steps() as steps:
            await run_pipeline(settings, source, height, spans, clock)
    finally:
        await clean_up(settings)
    return steps


async def _cli_once(source: Path, spans: list[ClipSegment], clock: Clock) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-review-") as folder:
        await run_cli(
            [cli_args(source, spans, Path(folder) / "reel.mp4", isolated_settings())], clock
        )


async def main(minutes: float, height: int, clips: int, clip_s: float, rounds: int) -> None:
    speed = loop_seconds()
    settings = isolated_settings()
    source = generated_source(minutes, height)
    spans = segments(minutes, clips, clip_s)
    print(f"source {source.name}; {clips} clips of {clip_s:g} s and a reel with title cards")
    print(f"ffmpeg threads {settings.ffmpeg_threads()}, preset {settings.transcode_preset}")
    # Pipeline and CLI in turns, every other round reversed (P C C P ...): on a shared machine
    # whose load drifts over minutes, neither side gets the quieter end.
    pipelines: list[Clock] = []
    clis: list[Clock] = []
    for n in range(rounds):
        for side in ("pipeline", "cli") if n % 2 == 0 else ("cli", "pipeline"):
            clock = Clock()
            if side == "pipeline":
                steps = await _pipeline_once(source, height, spans, clock)
                pipelines.append(clock)
                print(clock.describe(f"pipeline, round {n + 1}"))
                print(steps.describe())
            else:
                await _cli_once(source, spans, clock)
                clis.append(clock)
                print(clock.describe(f"ffmpeg CLI, round {n + 1}"))
    wall = sum(c.wall for c in pipelines) / sum(c.wall for c in clis)
    cpu = sum(c.cpu for c in pipelines) / sum(c.cpu for c in clis)
    reel_s = sum(c.wall for c in pipelines) / len(pipelines)
    print(f"ratio {wall:.3f} of wall times (target <= 1.2), {cpu:.3f} of CPU seconds")
    print(speed_line(speed))
    print(f"reel_vs_ffmpeg={wall:.3f} reel_s={reel_s:.1f}")


def cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    env = os.environ.get
    parser.add_argument("--minutes", type=float, default=float(env("BENCH_MINUTES", "10")))
    parser.add_argument("--height", type=int, default=int(env("BENCH_HEIGHT", "1080")))
    parser.add_argument("--clips", type=int, default=5)
    parser.add_argument("--clip-s", type=float, default=20.0)
    parser.add_argument("--rounds", type=int, default=2, help="pipeline and CLI runs each")
    args = parser.parse_args()
    asyncio.run(main(args.minutes, args.height, args.clips, args.clip_s, args.rounds))


if __name__ == "__main__":
    cli()
