"""Local scratch space for one job: checked for room first, always removed afterwards.

Folders carry the worker's pid, so a worker that was killed mid-job has its leftovers swept
by the next worker to start, without touching folders of workers still running.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

PREFIX = "spin-transcode-"


class NotEnoughDiskError(RuntimeError):
    """Too little free space to take the job now; another attempt may find more."""


def scratch_root(configured: Path | None) -> Path:
    root = configured or Path(tempfile.gettempdir())
    root.mkdir(parents=True, exist_ok=True)
    return root


def check_room(root: Path, needed_bytes: int) -> None:
    free = shutil.disk_usage(root).free
    if free < needed_bytes:
        raise NotEnoughDiskError(
            f"only {free // 2**20} MiB free in {root}, {needed_bytes // 2**20} MiB needed"
        )


@contextlib.contextmanager
def scratch(root: Path, job: str) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix=f"{PREFIX}{os.getpid()}-{job}-", dir=root) as path:
        yield Path(path)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_abandoned(root: Path) -> int:
    """Remove scratch folders of workers that no longer run; return how many."""
    removed = 0
    for folder in root.glob(f"{PREFIX}*"):
        pid = folder.name.removeprefix(PREFIX).split("-", 1)[0]
        if folder.is_dir() and pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed
