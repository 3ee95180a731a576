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
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from functools import partial
from pathlib import Path

import psutil
from minio import Minio
from spin_contracts.claims import Role
from spin_ingest.settings import IngestSettings
from spincore.auth.tokens import TokenIssuer

from bench.ingest_measures import measured, report, timed
from bench.ingest_uploads import (
    AGENCY,
    INSTITUTE,
    MIB,
    SITE,
    grant_all,
    make_file,
    tus_upload,
    wait_for_consent,
    wait_ready,
)
from tests.support.http import free_port
from tests.support.isolation import Isolation
from tests.support.servers import LOCAL_ENV, Endpoints


def local_env() -> dict[str, str]:
    pairs = (line.split("=", 1) for line in LOCAL_ENV.read_text().splitlines() if "=" in line)
    return {key.strip(): value.strip().strip('"') for key, value in pairs}


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
