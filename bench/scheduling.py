"""Scheduling benchmark: short footage uploaded with a long one, on two worker processes.

    uv run python -m bench.scheduling [--long-minutes 2] [--long-height 720] [--shorts 6]
                                      [--short-seconds 30]

The issue's full size is `--long-minutes 20 --long-height 1080 --shorts 20`; the default is
smaller so that it runs in minutes on a shared 2-core machine (docs/performance.md says which
size each published figure is). In one run, on generated sources (cached under var/bench/):
1. pipeline: the real `spin-transcode` with two worker processes (real Kafka, MinIO,
   PostgreSQL); every footage.uploaded published at once, the long source first; per footage
   the time from its event to its footage.transcoded;
2. each short source's own time: the bare ffmpeg CLI, the same commands, alone;
3. makespan of the bare ffmpeg CLI running the same jobs two at a time, in upload order.
Last line: `short_p95_vs_own=<ratio> makespan_vs_ffmpeg=<ratio> chaos_lost=<n> chaos_dupes=<n>`:
the chaos counts are the latest chaos run's (its result file, var/bench/chaos-*.json, written
by `make chaos`); with none, a small seeded chaos run is made first. The output says which.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from uuid import UUID, uuid4

import httpx
from aiokafka import AIOKafkaConsumer
from pydantic import SecretStr
from spin_contracts.events import Envelope, Tenant, decode
from spin_contracts.events.footage import FootageUploaded
from spin_contracts.topics import Topic, topic_name
from spin_transcode.adapters import ffmpeg
from spin_transcode.domain.failures import Refusal
from spin_transcode.domain.plan import plan_transcode
from spin_transcode.domain.probe import assess
from spin_transcode.settings import TranscodeSettings
from spincore.kafka import make_producer, publish
from spincore.storage import make_s3

from bench.isolated import ROOT, clean_up, isolated_settings
from bench.transcode import generated_source
from bench.uploaded import footage_uploaded

WORKER = Path(sys.executable).parent / "spin-transcode"
OUTCOME_WAIT_S = 3600.0
READY_WAIT_S = 120.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _environment(settings: TranscodeSettings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SPIN_")}
    for name, value in settings:
        if value is None:
            continue
        plain = value.get_secret_value() if isinstance(value, SecretStr) else value
        env[f"SPIN_{name.upper()}"] = json.dumps(plain) if isinstance(plain, list) else str(plain)
    return env


def _start(settings: TranscodeSettings, log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [str(WORKER)], env=_environment(settings), stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip


def _wait_ready(settings: TranscodeSettings, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + READY_WAIT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"bench.scheduling: spin-transcode exited ({process.returncode})")
        try:
            url = f"http://127.0.0.1:{settings.http_port}/readyz"
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"bench.scheduling: spin-transcode not ready within {READY_WAIT_S:.0f} s")


def _uploaded(settings: TranscodeSettings, source: Path) -> FootageUploaded:
    s3 = make_s3(settings)
    footage_id = uuid4()
    key = f"uploads/{footage_id}/{source.name}"
    s3.fput_object(settings.s3_bucket, key, str(source))
    return footage_uploaded(footage_id, settings.s3_bucket, key, source)


async def run_pipeline(settings: TranscodeSettings, sources: list[Path]) -> dict[UUID, float]:
    """Seconds from each footage.uploaded to its footage.transcoded, and the makespan (key
    UUID(int=0))."""
    s3 = make_s3(settings)
    if not s3.bucket_exists(settings.s3_bucket):
        s3.make_bucket(settings.s3_bucket)
    events = [await asyncio.to_thread(_uploaded, settings, source) for source in sources]
    log = ROOT / "var" / "log" / "bench-scheduling.log"
    process = await asyncio.to_thread(_start, settings, log)
    producer = make_producer(settings.kafka, "bench-ingest")
    outcomes = AIOKafkaConsumer(
        topic_name(Topic.FOOTAGE, settings.topic_prefix),
        **settings.kafka.client_options(),
        auto_offset_reset="earliest",
    )
    try:
        await asyncio.to_thread(_wait_ready, settings, process)
        await producer.start()
        await outcomes.start()
        sent: dict[UUID, float] = {}
        for event in events:
            envelope = Envelope.wrap(
                event, producer=settings.transcode_footage_from, tenant=Tenant(institute_id="b")
            )
            await publish(producer, envelope, event, settings.topic_prefix)
            sent[event.footage_id] = time.perf_counter()
        first = min(sent.values())
        done = await asyncio.wait_for(_outcomes(outcomes, set(sent)), OUTCOME_WAIT_S)
    except TimeoutError:
        raise SystemExit(
            f"bench.scheduling: not every footage.transcoded within {OUTCOME_WAIT_S:.0f} s; "
            "see var/log/bench-scheduling.log"
        ) from None
    finally:
        await outcomes.stop()
        await producer.stop()
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(60)
    times = {footage: done[footage] - sent[footage] for footage in sent}
    times[UUID(int=0)] = max(done.values()) - first
    return times


async def _outcomes(outcomes: AIOKafkaConsumer, waiting: set[UUID]) -> dict[UUID, float]:
    done: dict[UUID, float] = {}
    async for record in outcomes:
        envelope, event = decode(record.value)
        footage = getattr(event, "footage_id", None)
        if footage not in waiting or footage in done:
            continue
        if envelope.event_type == "footage.failed":
            raise SystemExit(f"bench.scheduling: footage.failed for {footage}: {event}")
        if envelope.event_type == "footage.transcoded":
            done[footage] = time.perf_counter()
            if len(done) == len(waiting):
                return done
    return done


async def cli_seconds(settings: TranscodeSettings, source: Path, out: Path) -> float:
    """The bare ffmpeg CLI making the service's outputs for one source."""
    probed = assess(await ffmpeg.probe(str(source)), settings.transcode_max_duration_s)
    assert not isinstance(probed, Refusal), probed
    plan = plan_transcode(probed, settings.ladder())
    encoding = ffmpeg.Encoding(
        settings.transcode_preset, settings.transcode_crf, settings.ffmpeg_threads()
    )
    await asyncio.to_thread(out.mkdir, parents=True, exist_ok=True)
    files = {rung.name: out / f"{rung.name}.mp4" for rung in plan.rungs}
    files |= {"poster": out / "poster.jpg", "sprite": out / "sprite.jpg"}
    started = time.perf_counter()
    for args in ffmpeg.web_outputs_commands(str(source), plan, encoding, files):
        await asyncio.to_thread(subprocess.run, args, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


async def cli_two_at_a_time(settings: TranscodeSettings, sources: list[Path], out: Path) -> float:
    slots = asyncio.Semaphore(2)

    async def one(n: int, source: Path) -> None:
        async with slots:
            await cli_seconds(settings, source, out / f"job-{n}")

    started = time.perf_counter()
    await asyncio.gather(*(one(n, source) for n, source in enumerate(sources)))
    return time.perf_counter() - started


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


async def main(long_minutes: float, long_height: int, shorts: int, short_seconds: float) -> None:
    settings = isolated_settings(transcode_workers=2, http_port=_free_port(), log_level="INFO")
    long_source = generated_source(long_minutes, long_height)
    short_source = generated_source(short_seconds / 60, 720)
    sources = [long_source] + [short_source] * shorts
    print(
        f"sources: one {long_minutes:g} min {long_height}p, {shorts} x {short_seconds:g} s 720p; "
        f"two workers, ffmpeg threads {settings.ffmpeg_threads(long_minutes * 60)} (long) and "
        f"{settings.ffmpeg_threads(short_seconds)} (short) in the pipeline, "
        f"{settings.ffmpeg_threads()} in the bare CLI; preset {settings.transcode_preset}; "
        "2 shared cores: expect noise"
    )
    try:
        times = await run_pipeline(settings, sources)
    finally:
        await clean_up(settings)
    makespan = times.pop(UUID(int=0))
    ordered = list(times.values())  # upload order: the long one first
    long_time, short_times = ordered[0], ordered[1:]
    with tempfile.TemporaryDirectory(prefix="bench-scheduling-") as folder:
        own = await cli_seconds(settings, short_source, Path(folder) / "own")
        cli_makespan = await cli_two_at_a_time(settings, sources, Path(folder))
    short_p95 = p95(short_times)
    print(
        f"pipeline: long {long_time:.1f} s, short p95 {short_p95:.1f} s, makespan {makespan:.1f} s"
    )
    print(f"bare ffmpeg: one short alone {own:.1f} s, all two at a time {cli_makespan:.1f} s")
    print(
        f"short p95 / own {short_p95 / own:.2f} (target <= 3), makespan / ffmpeg "
        f"{makespan / cli_makespan:.3f} (target <= 1.10)"
    )
    lost, dupes = chaos_counts()
    print(
        f"short_p95_vs_own={short_p95 / own:.3f} makespan_vs_ffmpeg={makespan / cli_makespan:.3f} "
        f"chaos_lost={lost} chaos_dupes={dupes}"
    )


RESULTS = ROOT / "var" / "bench"  # where bench.chaos writes its result
SMALL_CHAOS = ["--seed", "1", "--uploads", "3", "--writes", "30", "--reviews", "1"]


def chaos_counts() -> tuple[int, int]:
    """The latest chaos run's lost and duplicated counts (a small seeded run when none)."""
    results = sorted(RESULTS.glob("chaos-*.json"), key=lambda p: p.stat().st_mtime)
    if not results:
        print("no chaos run's result yet: a small seeded chaos run first (bench.chaos --seed 1)")
        subprocess.run([sys.executable, "-m", "bench.chaos", *SMALL_CHAOS], check=True, cwd=ROOT)
        results = sorted(RESULTS.glob("chaos-*.json"), key=lambda p: p.stat().st_mtime)
    result = json.loads(results[-1].read_text())
    print(
        f"chaos counts from {results[-1].relative_to(ROOT)}: the {result['mode']} run of seed "
        f"{result['seed']}, finished {result['finished_at']}"
    )
    return int(result["chaos_lost"]), int(result["chaos_dupes"])


def cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--long-minutes", type=float, default=2.0)
    parser.add_argument("--long-height", type=int, default=720)
    parser.add_argument("--shorts", type=int, default=6)
    parser.add_argument("--short-seconds", type=float, default=30.0)
    args = parser.parse_args()
    asyncio.run(main(args.long_minutes, args.long_height, args.shorts, args.short_seconds))


if __name__ == "__main__":
    cli()
