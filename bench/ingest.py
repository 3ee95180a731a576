"""Ingest throughput: a tus upload through ingest versus a direct minio multipart put.

Runs ingest as a subprocess against the shared servers (var/secrets/local.env) in a fresh
bucket, schema and topic prefix, samples its RSS with psutil, and removes everything after.
The single-stream uploads alternate with the direct puts for `--rounds` rounds and the ratio
compares their medians: on two shared cores one run of each swings too much to compare.

    uv run python -m bench.ingest [--size-mib 2048] [--rounds 3] [--parallel 8]
        [--parallel-size-mib 256] [--part-size-mib 16] [--parts-in-flight 3]
        [--direct-part-size-mib 16]

Last line: ingest_vs_direct=<ratio> peak_rss_mib=<n> parallel8_mb_s=<n>
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from uuid import uuid4

import httpx
import psutil
from minio import Minio
from spin_contracts.claims import Role
from spin_contracts.events.consent import ConsentGranted, ConsentPurpose
from spin_contracts.events.directory import SiteRegistered
from spin_contracts.events.envelope import Tenant
from spin_ingest.domain.metadata import encode_header
from spin_ingest.settings import IngestSettings
from spincore.auth.tokens import TokenIssuer

from tests.support.http import free_port
from tests.support.isolation import Isolation
from tests.support.publishing import publish_event
from tests.support.servers import LOCAL_ENV, Endpoints

MIB = 1024 * 1024
BLOCK = 4 * MIB
INSTITUTE, AGENCY, SITE = "bench-inst", "bench-agency", "bench-site"


def local_env() -> dict[str, str]:
    pairs = (line.split("=", 1) for line in LOCAL_ENV.read_text().splitlines() if "=" in line)
    return {key.strip(): value.strip().strip('"') for key, value in pairs}


def make_file(path: Path, size: int) -> None:
    with path.open("wb") as out:
        out.write(b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41")
        written = 32
        while written < size:
            block = os.urandom(min(BLOCK, size - written))
            out.write(block)
            written += len(block)


class RssSampler(threading.Thread):
    """Peak resident memory of a process and its children."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.process = psutil.Process(pid)
        self.peak = 0
        self.running = True

    def run(self) -> None:
        while self.running:
            with contextlib.suppress(psutil.Error):
                tree = [self.process, *self.process.children(recursive=True)]
                self.peak = max(self.peak, sum(p.memory_info().rss for p in tree))
            time.sleep(0.05)


def file_chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as source:
        while block := source.read(MIB):
            yield block


def tus_upload(base: str, token: str, path: Path, case_code: str) -> None:
    size = path.stat().st_size
    values = {
        "case_code": case_code,
        "site": SITE,
        "filming_session_id": "bench",
        "filmed_at": (datetime.now(UTC) - timedelta(hours=1)).isoformat(),
        "filename": path.name,
    }
    headers = {"Authorization": f"Bearer {token}", "Tus-Resumable": "1.0.0"}
    with httpx.Client(base_url=base, headers=headers, timeout=600) as client:
        created = client.post(
            "/files/",
            headers={"Upload-Length": str(size), "Upload-Metadata": encode_header(values)},
        )
        created.raise_for_status()
        done = client.patch(
            created.headers["Location"],
            content=file_chunks(path),
            headers={"Content-Type": "application/offset+octet-stream", "Upload-Offset": "0"},
        )
        if done.status_code != 204 or "Spin-Footage-Id" not in done.headers:
            raise RuntimeError(f"upload failed: {done.status_code} {done.text}")


async def grant_all(settings: IngestSettings, cases: list[str]) -> None:
    """The bench's site and its cases' consents, as the planner would announce them."""
    site = SiteRegistered(site_id=SITE, agency_id=AGENCY, name="Bench site")
    await publish_event(settings, Tenant(institute_id=INSTITUTE, agency_id=AGENCY), site)
    for case in cases:
        event = ConsentGranted(
            consent_id=uuid4(),
            case_code=case,
            purpose=ConsentPurpose.FILMING,
            granted_at=datetime.now(UTC) - timedelta(days=1),
        )
        await publish_event(settings, Tenant(institute_id=INSTITUTE, agency_id=AGENCY), event)


def wait_ready(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("ingest exited during start-up")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                return
        time.sleep(0.3)
    raise RuntimeError("ingest did not become ready")


def wait_for_consent(base: str, token: str, path: Path, cases: list[str]) -> None:
    """Consent reaches ingest through Kafka; the first upload retries until it has."""
    deadline = time.monotonic() + 120
    while True:
        try:
            tus_upload(base, token, path, cases[0])
            return
        except httpx.HTTPStatusError as error:
            if error.response.status_code != 403 or time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--size-mib", type=int, default=int(os.environ.get("BENCH_SIZE_MIB", "2048"))
    )
    parser.add_argument("--rounds", type=int, default=3, help="ingest and direct, alternating")
    parser.add_argument("--parallel", type=int, default=8)
    parser.add_argument("--parallel-size-mib", type=int, default=256)
    defaults = IngestSettings.model_fields  # the service's defaults, not this shell's env
    parser.add_argument(
        "--part-size-mib", type=int, default=defaults["part_size_bytes"].default // MIB
    )
    parser.add_argument("--parts-in-flight", type=int, default=defaults["parts_in_flight"].default)
    parser.add_argument(
        "--direct-part-size-mib",
        type=int,
        default=16,
        help="part size of the direct minio put (the baseline; 3 parts at once, SDK default)",
    )
    return parser.parse_args()


def endpoints_from(env: dict[str, str]) -> Endpoints:
    return Endpoints(
        kafka_bootstrap=env["SPIN_KAFKA_BOOTSTRAP"],
        s3_endpoint=env["SPIN_S3_ENDPOINT"],
        s3_access_key=env["SPIN_S3_ACCESS_KEY"],
        s3_secret_key=env["SPIN_S3_SECRET_KEY"],
        database_url=env["SPIN_DATABASE_URL"],
        source="local.env",
        kafka_username=env.get("SPIN_KAFKA_USERNAME"),
        kafka_password=env.get("SPIN_KAFKA_PASSWORD"),
    )


def timed(action: Callable[[], object]) -> float:
    # Each run starts with no dirty pages left by the previous one: otherwise the kernel's
    # writeback of one run's 2 GiB lands on (and slows) whichever run happens to come next.
    os.sync()
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def cpu_seconds(process: psutil.Process) -> float:
    times = process.cpu_times()
    return times.user + times.system


def measured(pid: int, action: Callable[[], object]) -> tuple[float, int, float]:
    """Seconds `action` took, and the peak RSS and CPU seconds of process `pid` meanwhile."""
    sampler = RssSampler(pid)
    cpu_before = cpu_seconds(sampler.process)
    sampler.start()
    try:
        return timed(action), sampler.peak, cpu_seconds(sampler.process) - cpu_before
    finally:
        sampler.running = False
        sampler.join()


def rates(size_mb: float, seconds: list[float]) -> str:
    return ", ".join(f"{size_mb / s:.1f}" for s in seconds)


def report(
    args: argparse.Namespace,
    ingest_runs: list[tuple[float, int, float]],
    direct_runs: list[float],
    parallel_run: tuple[float, int],
    idle_rss: int,
) -> None:
    parallel_s, parallel_peak = parallel_run
    size_mb = args.size_mib * MIB / 1e6
    ingest_s = statistics.median(seconds for seconds, _, _ in ingest_runs)
    direct_s = statistics.median(direct_runs)
    peak = max(peak for _, peak, _ in ingest_runs)
    cpu_per_gib = statistics.median(cpu for _, _, cpu in ingest_runs) * 1024 / args.size_mib
    ingest_mb_s, direct_mb_s = size_mb / ingest_s, size_mb / direct_s
    parallel_mb_s = args.parallel * args.parallel_size_mib * MIB / 1e6 / parallel_s
    ratio = ingest_mb_s / direct_mb_s
    print(
        f"file: {args.size_mib} MiB; ingest parts {args.part_size_mib} MiB, "
        f"{args.parts_in_flight} in flight; direct parts {args.direct_part_size_mib} MiB"
    )
    print(f"ingest (tus, one PATCH) MB/s: {rates(size_mb, [s for s, _, _ in ingest_runs])}")
    print(f"direct minio multipart MB/s:  {rates(size_mb, direct_runs)}")
    print(
        f"medians: ingest {ingest_mb_s:.1f} MB/s, direct {direct_mb_s:.1f} MB/s; "
        f"ingest CPU {cpu_per_gib:.2f} s per GiB"
    )
    print(
        f"{args.parallel} parallel ingest uploads of {args.parallel_size_mib} MiB: "
        f"{parallel_s:.1f} s, {parallel_mb_s:.1f} MB/s, peak RSS {parallel_peak / MIB:.0f} MiB"
    )
    print(
        f"ingest RSS idle {idle_rss / MIB:.0f} MiB, "
        f"peak during the single uploads {peak / MIB:.0f} MiB"
    )
    print(
        f"ingest_vs_direct={ratio:.2f} peak_rss_mib={peak / MIB:.0f} "
        f"parallel{args.parallel}_mb_s={parallel_mb_s:.0f}"
    )


def main() -> None:
    args = parse_args()
    env = local_env()
    endpoints = endpoints_from(env)
    isolation = Isolation(endpoints)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    settings = isolation.settings(IngestSettings, env="development")
    issuer = TokenIssuer.from_file(Path(env["SPIN_AUTH_PRIVATE_KEY_FILE"]), "spin-vig")
    token = issuer.mint(
        subject="bench",
        role=Role.SITE_UPLOADER,
        institute_id=INSTITUTE,
        agency_id=AGENCY,
        site_id=SITE,
        valid_for=timedelta(hours=4),
    )
    cases = [f"BENCH-{n:03d}" for n in range(args.rounds + args.parallel + 1)]
    single_cases, parallel_cases = cases[1 : args.rounds + 1], cases[args.rounds + 1 :]
    s3 = Minio(
        endpoints.s3_endpoint,
        access_key=endpoints.s3_access_key,
        secret_key=endpoints.s3_secret_key,
        secure=False,
    )
    child_env = {
        **os.environ,
        **env,
        "SPIN_TOPIC_PREFIX": isolation.topic_prefix,
        "SPIN_S3_BUCKET": isolation.bucket,
        "SPIN_DB_SCHEMA": isolation.schema,
        "SPIN_HTTP_PORT": str(port),
        "SPIN_LOG_LEVEL": "WARNING",
        "SPIN_PART_SIZE_BYTES": str(args.part_size_mib * MIB),
        "SPIN_PARTS_IN_FLIGHT": str(args.parts_in_flight),
        "SPIN_MAX_CONCURRENT_UPLOADS_PER_SITE": str(args.parallel + 4),
    }
    asyncio.run(isolation.create_topics())
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as scratch:
        big, small, warmup = (Path(scratch) / f"{name}.mp4" for name in ("big", "small", "warm"))
        make_file(big, args.size_mib * MIB)
        make_file(small, args.parallel_size_mib * MIB)
        make_file(warmup, MIB)
        process = subprocess.Popen(
            [sys.executable, "-c", "from spin_ingest.main import run; run()"], env=child_env
        )
        try:
            wait_ready(base, process)
            asyncio.run(grant_all(settings, cases))
            wait_for_consent(base, token, warmup, cases)
            idle_rss = psutil.Process(process.pid).memory_info().rss
            direct_put = partial(
                s3.fput_object,
                isolation.bucket,
                "direct/big",
                str(big),
                part_size=args.direct_part_size_mib * MIB,
            )
            ingest_runs: list[tuple[float, int, float]] = []
            direct_runs: list[float] = []
            for case in single_cases:  # alternating, so both see the same share of the noise
                ingest_runs.append(
                    measured(process.pid, partial(tus_upload, base, token, big, case))
                )
                direct_runs.append(timed(direct_put))

            def parallel() -> None:
                with ThreadPoolExecutor(args.parallel) as pool:
                    list(
                        pool.map(lambda case: tus_upload(base, token, small, case), parallel_cases)
                    )

            parallel_s, parallel_peak, _ = measured(process.pid, parallel)
        finally:
            process.terminate()
            process.wait(30)
            asyncio.run(isolation.clean_up())

    report(args, ingest_runs, direct_runs, (parallel_s, parallel_peak), idle_rss)


if __name__ == "__main__":
    main()
