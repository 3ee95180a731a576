"""Runs the workspace benchmark (see the package's docstring)."""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import sys
from pathlib import Path
from uuid import uuid4

import httpx
import uvloop

import bench.workspace
from bench.machine import loop_seconds, speed_line
from bench.workspace import load, playable, server_log
from bench.workspace.seed import CACHE, Cohort, add_footage, seed
from bench.workspace.stack import LOCAL_ENV, BenchError, Stack, open_stack, percentile, spread

COHORT_FILE = CACHE / "workspace-cohort.json"


def parse_args() -> argparse.Namespace:
    doc = bench.workspace.__doc__ or ""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    env = os.environ.get
    parser.add_argument("--env", type=Path, default=Path(env("BENCH_ENV", str(LOCAL_ENV))))
    parser.add_argument("--practitioners", type=int, default=int(env("BENCH_PEOPLE", "50")))
    parser.add_argument("--cases", type=int, default=int(env("BENCH_CASES", "10")))
    parser.add_argument("--rounds", type=int, default=int(env("BENCH_ROUNDS", "20")))
    parser.add_argument("--minutes", type=float, default=float(env("BENCH_MINUTES", "2")))
    parser.add_argument("--height", type=int, default=int(env("BENCH_HEIGHT", "1080")))
    parser.add_argument(
        "--footage",
        type=int,
        default=None,
        help="practitioners with a playable footage (default: all; without, no player page)",
    )
    parser.add_argument(
        "--reuse", action="store_true", help=f"take the data of the last run ({COHORT_FILE})"
    )
    parser.add_argument(
        "--think-s",
        type=float,
        default=float(env("BENCH_THINK_S", "5")),
        help="mean pause of a practitioner before each page, reading it (default 5 s)",
    )
    parser.add_argument(
        "--stress-rounds",
        type=int,
        default=int(env("BENCH_STRESS_ROUNDS", "10")),
        help="rounds of the same practitioners without pauses, for capacity (0: none)",
    )
    parser.add_argument("--skip-playable", action="store_true", help="only the pages (a)")
    parser.add_argument("--skip-pages", action="store_true", help="only last byte to playable (b)")
    args = parser.parse_args()
    if not 1 <= args.practitioners <= 500 or not 1 <= args.cases <= 200:
        parser.error("--practitioners 1..500 and --cases 1..200")
    if not 0 <= args.think_s <= 60:
        parser.error("--think-s 0..60")
    if not 2 <= args.rounds <= 1000 or not 0 <= args.stress_rounds <= 1000:
        parser.error("--rounds 2..1000, --stress-rounds 0..1000")
    return args


async def cohort_for(stack: Stack, args: argparse.Namespace) -> Cohort:
    cohort = Cohort.load(COHORT_FILE) if args.reuse and COHORT_FILE.exists() else None
    if cohort is not None and fits(cohort, args):
        print(f"reusing run {cohort.run}'s data ({COHORT_FILE})")
    else:
        cohort = await seed(stack, args.practitioners, args.cases)
        cohort.save(COHORT_FILE)
    footage = args.practitioners if args.footage is None else args.footage
    await add_footage(cohort, min(footage, args.practitioners))
    cohort.save(COHORT_FILE)
    return cohort


def fits(cohort: Cohort, args: argparse.Namespace) -> bool:
    people = cohort.practitioners
    return len(people) >= args.practitioners and all(len(p.cases) >= args.cases for p in people)


def report(title: str, timings: load.Timings) -> None:
    print(title)
    for name in load.PAGES:
        if name in timings.client:
            print(f"  {name:<12} {spread(timings.client[name])}")
            if timings.server.get(name):
                print(f"  {'':<12} Server-Timing: {spread(timings.server[name])}")
            if len(timings.logged.get(name, [])) > 1:
                print(f"  {'':<12} portal's log: {spread(timings.logged[name])}")
    print(f"  {'overall':<12} {spread(timings.all())}")
    logged = [ms for samples in timings.logged.values() for ms in samples]
    if len(logged) > 1:
        print(f"  {'':<12} portal's log: {spread(logged)}")


def shortened(path: str) -> str:
    return re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}", "{id}", path)


async def visits(
    stack: Stack, cohort: Cohort, clients: int, rounds: int, think_s: float
) -> tuple[load.Timings, float, dict[str, float]]:
    """Pages of `clients` practitioners at once (logging in is not part of it), with the
    portal's own times from its access log."""
    people = cohort.practitioners[:clients]
    sessions = await load.log_in_all(people)
    tag, log = f"wsb-{cohort.run}-{uuid4().hex[:6]}-", server_log.portal_log(stack.env_file)
    since = server_log.log_size(log)
    try:
        measured = await load.with_cpu(
            lambda: load.on_pages(sessions, people, rounds, tag, think_s)
        )
    finally:
        await asyncio.gather(*(c.aclose() for c in sessions))
    await asyncio.sleep(1)  # the log's last lines
    measured[0].logged = server_log.logged_ms(log, since, tag)
    return measured


def throughput(timings: load.Timings, wall: float, cpu: dict[str, float]) -> None:
    served = len(timings.all())
    print(
        f"  {served} pages in {wall:.1f} s = {served / wall:.0f} pages/s; CPU per page: "
        + ", ".join(f"{name} {seconds / served * 1000:.1f} ms" for name, seconds in cpu.items())
    )
    if not any(timings.server.values()):
        print("  (the portal sends no Server-Timing header: client-side times on loopback)")


async def pages(stack: Stack, cohort: Cohort, args: argparse.Namespace) -> float:
    clients, rounds = args.practitioners, args.rounds
    timings, wall, cpu = await visits(stack, cohort, clients, rounds, args.think_s)
    report(
        f"{clients} practitioners at work at once (a mean pause of {args.think_s:g} s before "
        f"each page), {rounds} rounds of their pages:",
        timings,
    )
    throughput(timings, wall, cpu)
    if args.stress_rounds:
        stress, wall, cpu = await visits(stack, cohort, clients, args.stress_rounds, 0)
        report(f"the same {clients} without pauses ({args.stress_rounds} rounds):", stress)
        throughput(stress, wall, cpu)

    async def planner_only() -> load.Timings:
        return await load.planner_share(stack, cohort, clients, rounds)

    share, _, cpu = await load.with_cpu(planner_only)
    report(f"the planner calls of those pages alone, {clients} clients at once:", share)
    print(f"  planner CPU per page: {cpu.get('planner', 0) / len(share.all()) * 1000:.1f} ms")
    alone, _, cpu = await visits(stack, cohort, 1, rounds, 0)
    report("one practitioner alone (no concurrency):", alone)
    print(f"  portal CPU per page: {cpu.get('portal', 0) / len(alone.all()) * 1000:.1f} ms")
    print("each planner call alone, one after the other (ids shortened):")
    for path, samples in (await load.each_planner_call(stack, cohort, rounds)).client.items():
        print(f"  {shortened(path):<40} {spread(samples)}")
    return percentile(timings.all(), 0.95)


async def main(args: argparse.Namespace) -> None:
    speed_before = loop_seconds()
    stack = open_stack(args.env)
    cohort = await cohort_for(stack, args)
    p95 = None if args.skip_pages else await pages(stack, cohort, args)
    ratio = None
    if not args.skip_playable:
        ratio = (await playable.measure(stack, cohort, args.minutes, args.height)).ratio
    print(speed_line(speed_before))
    shown_p95 = f"{p95:.0f}" if p95 is not None else "n/a"
    shown = f"{ratio:.3f}" if ratio is not None else "n/a"
    print(f"workspace_p95_ms={shown_p95} playable_vs_ffmpeg={shown}")


if __name__ == "__main__":
    try:
        uvloop.run(main(parse_args()))  # less of the two cores for the clients than asyncio's loop
    except BenchError as error:
        sys.exit(f"bench.workspace: {error}")
    except httpx.TransportError as error:
        sys.exit(
            f"bench.workspace: a service stopped answering ({type(error).__name__}): was the "
            "stack restarted? The figures of this run are void; run it again (--reuse)."
        )
