"""The ingest bench's measures: time, peak RSS and CPU of the ingest process, and the report."""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import threading
import time
from collections.abc import Callable

import psutil

from bench.ingest_uploads import MIB


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
