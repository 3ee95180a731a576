"""How fast this machine runs Python right now, printed by the benches beside their figures.

Shared and virtual machines change speed from minute to minute (on the dev VM the same code
cost 1.3 ms of CPU per request in one phase and 2.8 ms in another). Figures from runs whose
speeds differ are not comparable; this says which runs are.
"""

from __future__ import annotations

import time

LOOP = 3_000_000


def loop_seconds() -> float:
    """CPU seconds for a pure-Python loop of `LOOP` additions (lower is faster)."""
    started, total = time.process_time(), 0
    for n in range(LOOP):
        total += n
    return time.process_time() - started


def speed_line(before: float) -> str:
    return (
        f"machine speed: a Python loop of {LOOP:,} additions took {before:.2f} s before "
        f"and {loop_seconds():.2f} s after this run (compare runs only at similar speeds)"
    )
