"""Transcode benchmark: the pipeline against the bare ffmpeg CLI on the same source.

    uv run python -m bench.transcode [--minutes 10] [--height 1080]

In one run, on a generated source (cached under var/bench/):
1. pipeline: footage.uploaded published -> the service's Faust worker (in this process, real
   Kafka, MinIO, PostgreSQL) reads the source from MinIO over a presigned URL -> outputs in
   MinIO -> footage.transcoded received;
2. bare ffmpeg: the same command line (renditions, poster, sprite) on the local file;
3. ffmpeg making only the renditions, to price poster and sprites (their marginal share).
Prints wall times, the ratio, the realtime factor and CPU use; the last line is
`pipeline_vs_ffmpeg=<ratio> realtime_factor=<x> thumbs_share=<fraction>`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import resource
import subprocess
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path
from uuid import uuid4

from aiokafka import AIOKafkaConsumer
from spin_contracts.events import Envelope, Tenant
from spin_contracts.topics import Topic, topic_name
from spin_transcode.adapters import ffmpeg
from spin_transcode.api.app import create_app
from spin_transcode.domain.failures import Refusal
from spin_transcode.domain.plan import TranscodePlan, plan_transcode
from spin_transcode.domain.probe import assess
from spin_transcode.settings import TranscodeSettings
from spincore.kafka import make_producer, publish
from spincore.storage import make_s3

from bench.isolated import ROOT, clean_up, isolated_settings
from bench.outcomes import outcome
from bench.uploaded import footage_uploaded

CACHE = ROOT / "var" / "bench"
OUTCOME_WAIT_S = 3600.0  # a 10-minute 1080p source on one loaded core stays well inside


def generated_source(minutes: float, height: int) -> Path:
    """A testsrc2 + tone H.264/AAC source, made once per size and cached."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"transcode-source-{minutes:g}min-{height}p.mp4"
    if not path.exists():
        width = height * 16 // 9
        seconds = minutes * 60
        partial = path.with_suffix(".partial.mp4")
        subprocess.run(
            [
                *("ffmpeg", "-hide_banner", "-loglevel", "error", "-y"),
                *(
                    "-f",
                    "lavfi",
                    "-i",
                    f"testsrc2=size={width}x{height}:rate=30:duration={seconds}",
                ),
                *("-f", "lavfi", "-i", f"sine=frequency=330:duration={seconds}"),
                *("-c:v", "libx264", "-preset", "ultrafast", "-crf", "23", "-g", "60"),
                *("-c:a", "aac", "-shortest", str(partial)),
            ],
            check=True,
        )
        partial.rename(path)
    return path


class Clock:
    """Wall time and CPU seconds (this process plus its ffmpeg children) of one block."""

    def __init__(self) -> None:
        self.wall = self.cpu = 0.0

    @staticmethod
    def _cpu() -> float:
        own, kids = (
            resource.getrusage(resource.RUSAGE_SELF),
            resource.getrusage(resource.RUSAGE_CHILDREN),
        )
        return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime

    @contextlib.asynccontextmanager
    async def timing(self) -> AsyncIterator[None]:
        wall, cpu = time.perf_counter(), self._cpu()
        yield
        self.wall, self.cpu = time.perf_counter() - wall, self._cpu() - cpu

    def describe(self, name: str) -> str:
        cores = os.cpu_count() or 1
        share = self.cpu / self.wall / cores if self.wall else 0
        return (
            f"{name:<22} wall {self.wall:8.1f} s   cpu {self.cpu:8.1f} s "
            f"({share:6.1%} of {cores} cores)"
        )


async def run_pipeline(settings: TranscodeSettings, source: Path, clock: Clock) -> None:
    s3 = make_s3(settings)
    if not s3.bucket_exists(settings.s3_bucket):
        s3.make_bucket(settings.s3_bucket)
    footage_id = uuid4()
    key = f"uploads/{footage_id}/{source.name}"
    await asyncio.to_thread(s3.fput_object, settings.s3_bucket, key, str(source))
    uploaded = await asyncio.to_thread(
        footage_uploaded, footage_id, settings.s3_bucket, key, source
    )
    app = create_app(settings)
    producer = make_producer(settings.kafka, "bench-ingest")
    outcomes = AIOKafkaConsumer(
        topic_name(Topic.FOOTAGE, settings.topic_prefix),
        **settings.kafka.client_options(),
        auto_offset_reset="earliest",
    )
    async with app.router.lifespan_context(app):
        await producer.start()
        await outcomes.start()
        try:
            async with clock.timing():
                # In ingest's name: the transcoder acts only on footage ingest announced.
                envelope = Envelope.wrap(
                    uploaded,
                    producer=settings.transcode_footage_from,
                    tenant=Tenant(institute_id="bench"),
                )
                await publish(producer, envelope, uploaded, settings.topic_prefix)
                await outcome(
                    outcomes, "bench.transcode", "footage_id", str(footage_id),
                    "footage.transcoded", "footage.failed", OUTCOME_WAIT_S,
                )  # fmt: skip
        finally:
            await outcomes.stop()
            await producer.stop()


async def run_cli(commands: list[list[str]], clock: Clock) -> None:
    async with clock.timing():
        for args in commands:
            await asyncio.to_thread(subprocess.run, args, check=True, stdout=subprocess.DEVNULL)


def _files(plan: TranscodePlan, out: Path) -> dict[str, Path]:
    files = {rung.name: out / f"{rung.name}.mp4" for rung in plan.rungs}
    return files | {"poster": out / "poster.jpg", "sprite": out / "sprite.jpg"}


async def main(minutes: float, height: int) -> None:
    settings = isolated_settings()
    source = generated_source(minutes, height)
    probed = assess(await ffmpeg.probe(str(source)), settings.transcode_max_duration_s)
    assert not isinstance(probed, Refusal), probed
    plan = plan_transcode(probed, settings.ladder())
    encoding = ffmpeg.Encoding(
        settings.transcode_preset,
        settings.transcode_crf,
        settings.ffmpeg_threads(probed.duration_s),  # as the service runs this source
    )
    print(f"source {source.name}: {probed.duration_s:.0f} s, {probed.width}x{probed.height}")
    print(f"outputs: {', '.join(r.name for r in plan.rungs)}, poster, sprite {plan.grid.layout}")
    print(
        f"ffmpeg threads {encoding.threads}, preset {encoding.preset}; 2 shared cores: expect noise"
    )

    pipeline, cli, bare = Clock(), Clock(), Clock()
    try:
        await run_pipeline(settings, source, pipeline)
    finally:
        await clean_up(settings)
    with tempfile.TemporaryDirectory(prefix="bench-transcode-") as folder:
        out = Path(folder)
        files = _files(plan, out)
        await run_cli(ffmpeg.web_outputs_commands(str(source), plan, encoding, files), cli)
        renditions = ffmpeg.web_outputs_commands(
            str(source), plan, encoding, files, thumbnails=False
        )
        await run_cli(renditions, bare)

    ratio = pipeline.wall / cli.wall
    realtime = probed.duration_s / pipeline.wall
    thumbs = max(0.0, (cli.wall - bare.wall) / cli.wall)
    print(pipeline.describe("pipeline (event->event)"))
    print(cli.describe("ffmpeg CLI, same outputs"))
    print(bare.describe("ffmpeg CLI, renditions"))
    print(
        f"ratio {ratio:.3f} (target <= 1.10), realtime factor {realtime:.2f}x, "
        f"poster+sprites {thumbs:.1%} of the ffmpeg time"
    )
    print(
        f"pipeline_vs_ffmpeg={ratio:.3f} realtime_factor={realtime:.2f} thumbs_share={thumbs:.3f}"
    )


def cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--minutes", type=float, default=float(os.environ.get("BENCH_MINUTES", "10"))
    )
    parser.add_argument("--height", type=int, default=int(os.environ.get("BENCH_HEIGHT", "1080")))
    args = parser.parse_args()
    asyncio.run(main(args.minutes, args.height))


if __name__ == "__main__":
    cli()
