"""Planner latency under load, and the outbox relay against a bare aiokafka producer loop.

Runs the planner as a subprocess against the shared servers (var/secrets/local.env) in a
fresh schema and topic prefix, seeds a directory and `--cases` cases through the API, then
measures the common reads and writes under `--clients` concurrent clients (closed loop: each
client sends its next request when the last is answered), with the CPU each request cost the
planner's processes and the bench's client. Then stages `--events` outbox rows and times the
OutboxRelay publishing them against a bare producer loop sending the same records. Everything
it created is removed afterwards.

    uv run python -m bench.planner [--cases 1000] [--clients 50] [--requests 5000]
                                   [--practitioners 25] [--events 20000] [--workers N]

Last line: p95_ms=<n> relay_vs_bare=<ratio>
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from pathlib import Path

import httpx
import psutil
from spin_planner.settings import PlannerSettings
from spincore.auth import TokenIssuer

from bench.ingest import endpoints_from, local_env
from bench.machine import loop_seconds, speed_line
from bench.planner_load import Latencies, cpu_seconds, in_parallel, percentile, report
from bench.planner_relay import SEND_BATCH, bare_rate, relay_rate, staged_records
from bench.planner_workload import People, seed_cases, seed_directory, workload
from tests.support.http import free_port, until_ready
from tests.support.isolation import Isolation


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=int(os.environ.get("BENCH_CASES", "1000")))
    parser.add_argument("--clients", type=int, default=int(os.environ.get("BENCH_CLIENTS", "50")))
    parser.add_argument(
        "--requests", type=int, default=int(os.environ.get("BENCH_REQUESTS", "5000"))
    )
    parser.add_argument("--practitioners", type=int, default=25)
    parser.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("BENCH_WORKERS", "0")),
        help="the planner's HTTP worker processes (default: its SPIN_HTTP_WORKERS default)",
    )
    parser.add_argument("--events", type=int, default=int(os.environ.get("BENCH_EVENTS", "20000")))
    return parser.parse_args()


async def stop(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        process.terminate()
        await asyncio.wait_for(process.wait(), 30)


async def api_latency(
    base: str, people: People, args: argparse.Namespace, server: psutil.Process
) -> Latencies:
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        await seed_directory(client, people)
    seeding = Latencies()
    started = time.perf_counter()
    cases = await seed_cases(base, people, args.cases, args.clients, seeding)
    print(f"seeded {len(cases)} cases in {time.perf_counter() - started:.1f} s")
    report("seeding", seeding)
    latencies = Latencies()
    bench = psutil.Process()
    server_cpu, client_cpu = cpu_seconds(server, children=True), cpu_seconds(bench, children=False)
    started = time.perf_counter()
    await in_parallel(base, workload(people, cases, args.requests, latencies), args.clients)
    elapsed = time.perf_counter() - started
    per_request = {
        "planner": (cpu_seconds(server, children=True) - server_cpu) * 1000 / args.requests,
        "bench client": (cpu_seconds(bench, children=False) - client_cpu) * 1000 / args.requests,
    }
    print(
        f"{args.requests} requests by {args.clients} clients in {elapsed:.1f} s "
        f"({args.requests / elapsed:.0f} req/s), {latencies.failures} failed; CPU per request: "
        + ", ".join(f"{who} {ms:.2f} ms" for who, ms in per_request.items())
    )
    report("mixed load", latencies)
    return latencies


async def main(args: argparse.Namespace) -> None:
    speed_before = loop_seconds()
    env = local_env()
    isolation = Isolation(endpoints_from(env))
    issuer = TokenIssuer.from_file(Path(env["SPIN_AUTH_PRIVATE_KEY_FILE"]), "spin-vig")
    people = People(issuer, args.practitioners)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    child_env = {
        **os.environ,
        **env,
        "SPIN_TOPIC_PREFIX": isolation.topic_prefix,
        "SPIN_DB_SCHEMA": isolation.schema,
        "SPIN_S3_BUCKET": isolation.bucket,
        "SPIN_HTTP_PORT": str(port),
        "SPIN_LOG_LEVEL": "WARNING",
    }
    if args.workers:
        child_env["SPIN_HTTP_WORKERS"] = str(args.workers)
    await isolation.create_topics()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        "from spin_planner.main import run; run()",
        env=child_env,
    )
    try:
        await until_ready(base, process)
        latencies = await api_latency(base, people, args, psutil.Process(process.pid))
        await stop(process)
        relay_settings = isolation.settings(
            PlannerSettings, env="development", db_schema=f"{isolation.schema}_relay"
        )
        records = staged_records(isolation.topic_prefix, args.events)
        await bare_rate(isolation.endpoints.kafka, records[:SEND_BATCH])  # warm up
        bare = await bare_rate(isolation.endpoints.kafka, records)
        relay = await relay_rate(relay_settings, records)
    finally:
        await stop(process)
        await isolation.clean_up()

    samples = latencies.all()
    p50, p95 = percentile(samples, 0.5), percentile(samples, 0.95)
    print(f"all operations: p50={p50:.1f} ms p95={p95:.1f} ms over {len(samples)} requests")
    print(f"outbox relay: {relay:,.0f} events/s; bare producer loop: {bare:,.0f} events/s")
    print(speed_line(speed_before))
    print(f"p95_ms={p95:.0f} relay_vs_bare={relay / bare:.2f}")


if __name__ == "__main__":
    asyncio.run(main(parse_args()))
