"""Per-step wall times of an in-process pipeline run: every ffmpeg command (named after its
output file) and every upload, measured by wrapping the adapters for the run's duration."""

from __future__ import annotations

import contextlib
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

from spin_transcode.adapters import ffmpeg
from spin_transcode.adapters.storage import FootageStore


class Steps:
    def __init__(self) -> None:
        self.seconds: dict[str, list[float]] = defaultdict(list)
        self.first = self.last = 0.0

    def add(self, kind: str, started: float) -> None:
        ended = time.perf_counter()
        self.first = self.first or started
        self.last = max(self.last, ended)
        self.seconds[kind].append(ended - started)

    def describe(self) -> str:
        lines = [
            f"  {kind:<10} {len(times):>2}x  total {sum(times):6.2f} s  "
            f"each {', '.join(f'{t:.2f}' for t in times)}"
            for kind, times in self.seconds.items()
        ]
        return "\n".join(["steps (wall, may overlap):", *lines])


def _kind(name: str) -> str:
    stem = Path(name).stem
    return stem.split("-", 1)[0]  # clip-3 -> clip, card-2 -> card, reel, title


@contextlib.contextmanager
def timed_steps() -> Iterator[Steps]:
    """Wrap ffmpeg.run and FootageStore.upload while the block runs."""
    steps = Steps()
    run, upload = ffmpeg.run, FootageStore.upload

    async def timed_run(args: list[str], *rest: Any, **options: Any) -> None:
        started = time.perf_counter()
        try:
            await run(args, *rest, **options)
        finally:
            outputs = [a for a in args if a.endswith(".mp4") and not a.startswith("http")]
            steps.add(f"ffmpeg {_kind(outputs[-1]) if outputs else '?'}", started)

    async def timed_upload(store: FootageStore, bucket: str, key: str, path: Path) -> int:
        started = time.perf_counter()
        try:
            return await upload(store, bucket, key, path)
        finally:
            steps.add(f"upload {_kind(path.name)}", started)

    with (
        mock.patch.object(ffmpeg, "run", timed_run),
        mock.patch.object(FootageStore, "upload", timed_upload),
    ):
        yield steps
