"""The infra scripts on this machine: a taken port is named, and `down` stops what `up` started."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path
from uuid import uuid4

import pytest

from tests.support.http import free_port
from tests.support.servers import ROOT

pytestmark = pytest.mark.integration


def run(script: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ROOT / "infra" / script)],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def var_dir() -> Iterator[Path]:
    """A throw-away var/ folder the postgres user can reach (pytest's tmp is private to root)."""
    path = ROOT / "var" / "test-infra" / uuid4().hex[:8]
    path.mkdir(parents=True)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def test_a_taken_port_is_named_and_down_stops_what_was_started(var_dir: Path) -> None:
    env = {
        "SPIN_VAR_DIR": str(var_dir),
        "PG_PORT": str(free_port()),
        "MINIO_PORT": str(free_port()),
        "MINIO_CONSOLE_PORT": str(free_port()),
    }
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        taken = squatter.getsockname()[1]
        env["KAFKA_PORT"] = str(taken)
        try:
            started = run("servers-up.sh", env)
            assert started.returncode != 0
            assert f"port {taken} (for kafka) is already taken" in started.stderr
            assert (var_dir / "data/postgres/postmaster.pid").exists()
        finally:
            stopped = run("down.sh", env)
    assert stopped.returncode == 0, stopped.stderr
    assert not (var_dir / "data/postgres/postmaster.pid").exists()
    assert list((var_dir / "run").glob("*.pid")) == []
