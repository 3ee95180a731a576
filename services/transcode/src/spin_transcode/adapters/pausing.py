"""Pausing one job's ffmpeg processes (SIGSTOP, then SIGCONT) while a short job runs beside it.

A long job holds its worker for many minutes; rather than make short footage wait, the worker
stops the long job's ffmpeg where it is, runs the short job at full speed, and lets the long
one go on. The long job's lease is still renewed meanwhile (the event loop keeps running).
Which job a process belongs to follows the asyncio context: `Pausable.around` sets it for the
task that runs the job, and `tracked` registers each ffmpeg process started inside it.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Iterator
from contextvars import ContextVar


class Pausable:
    """The ffmpeg processes of one running job, stopped and continued together."""

    def __init__(self) -> None:
        self._pids: set[int] = set()
        self.paused = False

    def pause(self) -> None:
        self.paused = True
        for pid in self._pids:
            _signal(pid, signal.SIGSTOP)

    def resume(self) -> None:
        self.paused = False
        for pid in self._pids:
            _signal(pid, signal.SIGCONT)

    @contextlib.contextmanager
    def around(self) -> Iterator[None]:
        """Tasks created inside belong to this job (they copy the context when created)."""
        token = _current.set(self)
        try:
            yield
        finally:
            _current.reset(token)

    def _add(self, pid: int) -> None:
        self._pids.add(pid)
        if self.paused:  # started between two commands while the job was paused
            _signal(pid, signal.SIGSTOP)


_current: ContextVar[Pausable | None] = ContextVar("pausable_job", default=None)


@contextlib.contextmanager
def tracked(pid: int) -> Iterator[None]:
    """Register an ffmpeg process with the job running in this context, if any."""
    job = _current.get()
    if job is None:
        yield
        return
    job._add(pid)
    try:
        yield
    finally:
        job._pids.discard(pid)


def _signal(pid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, sig)
