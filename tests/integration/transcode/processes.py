"""Real `spin-transcode` processes for the tests that kill them by pid."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pydantic import SecretStr
from spin_transcode.settings import TranscodeSettings

WORKER = Path(sys.executable).parent / "spin-transcode"


def environment(settings: TranscodeSettings) -> dict[str, str]:
    """The settings as the SPIN_* variables the entry point reads."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SPIN_")}
    for name, value in settings:
        if value is None:
            continue
        plain = value.get_secret_value() if isinstance(value, SecretStr) else value
        env[f"SPIN_{name.upper()}"] = json.dumps(plain) if isinstance(plain, list) else str(plain)
    return env


@contextmanager
def worker(settings: TranscodeSettings, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """One process in its own process group (so a kill takes its ffmpeg with it)."""
    with log.open("ab") as out:
        process = subprocess.Popen(
            [str(WORKER)],
            env=environment(settings),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(30)
