"""A cluster of infra/'s own servers (three Kafka brokers, MinIO over four drive folders,
PostgreSQL) in a throw-away var/ folder on ports of its own, for fault tests that kill its
processes by pid. `make down` of the checkout never sees it, nor it the checkout's stack."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from uuid import uuid4

from minio import Minio
from spincore.kafka_connection import KafkaConnection

from tests.support.servers import ROOT

# Ports a stack uses above its offset (infra/env.sh): Kafka's 19092-19097, MinIO's, PostgreSQL's,
# the services'.
BASE_PORTS = (19092, 19093, 19094, 19095, 19096, 19097, 19000, 19001, 15432)
# Checkouts sit at multiples of 100; these offsets fall between them.
CANDIDATE_OFFSETS = (250, 350, 450, 550, 650, 750)


def _free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def free_offset() -> int:
    for offset in CANDIDATE_OFFSETS:
        if all(_free(base + offset) for base in BASE_PORTS):
            return offset
    raise RuntimeError(f"no port offset of {CANDIDATE_OFFSETS} is free for a cluster")


@dataclass
class ClusterStack:
    """`KAFKA_BROKERS=3 MINIO_DRIVES=4 infra/servers-up.sh` in its own var/ folder."""

    brokers: int = 3
    drives: int = 4
    var_dir: Path = field(default_factory=lambda: ROOT / "var" / "test-infra" / uuid4().hex[:8])
    offset: int = field(default_factory=free_offset)

    def env(self) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.endswith("_PORT")
            and (not key.startswith("SPIN_") or key == "SPIN_CACHE_DIR")
            and key not in {"KAFKA_BROKERS", "MINIO_DRIVES"}
        }
        return {
            **env,
            "SPIN_VAR_DIR": str(self.var_dir),
            "SPIN_PORT_OFFSET": str(self.offset),
            "KAFKA_BROKERS": str(self.brokers),
            "MINIO_DRIVES": str(self.drives),
        }

    def _run(self, script: str, timeout: float = 240) -> None:
        done = subprocess.run(
            [str(ROOT / "infra" / script)],
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"{script} failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")

    def up(self) -> None:
        """Start what is not running (after a kill: only the killed ones)."""
        self.var_dir.mkdir(parents=True, exist_ok=True)
        self._run("servers-up.sh")

    def down(self) -> None:
        try:
            self._run("down.sh", timeout=120)
        finally:
            shutil.rmtree(self.var_dir, ignore_errors=True)

    def values(self) -> dict[str, str]:
        text = (self.var_dir / "secrets" / "local.env").read_text()
        return dict(line.split("=", 1) for line in text.splitlines() if "=" in line)

    @property
    def kafka(self) -> KafkaConnection:
        values = self.values()
        return KafkaConnection(values["SPIN_KAFKA_BOOTSTRAP"]).as_user(
            values["SPIN_KAFKA_USERNAME"], values["SPIN_KAFKA_PASSWORD"]
        )

    def s3(self) -> Minio:
        values = self.values()
        return Minio(
            values["SPIN_S3_ENDPOINT"],
            values["SPIN_S3_ACCESS_KEY"],
            values["SPIN_S3_SECRET_KEY"],
            secure=False,
        )

    def settings_values(self, **overrides: Any) -> dict[str, Any]:
        """Service settings (field names) pointing at this cluster, as the operator."""
        values = {k[5:].lower(): v for k, v in self.values().items() if k.startswith("SPIN_")}
        return {**values, **overrides}

    def pid(self, name: str) -> int:
        return int((self.var_dir / "run" / f"{name}.pid").read_text())

    def kill(self, name: str) -> None:
        """SIGKILL the process of `name`'s pid file (a crash, not a stop) and wait for it to go."""
        pid = self.pid(name)
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            if _reaped_or_zombie(pid):
                return
            time.sleep(0.1)
        raise RuntimeError(f"{name} (pid {pid}) did not die within 20 s of SIGKILL")

    def drive(self, n: int) -> Path:
        return self.var_dir / "data" / "minio-drives" / f"drive{n}"


def _reaped_or_zombie(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except FileNotFoundError:
        return True
    return state == "Z"
