"""The faults of the chaos run, each on a process of the running stack found by its pid file."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from spincore.kafka_connection import KafkaConnection

from tests.support.servers import ROOT

RUN = ROOT / "var" / "run"


def descendants(pid: int) -> list[int]:
    """The processes below `pid` (children first), from /proc."""
    found: list[int] = []
    try:
        tasks = Path(f"/proc/{pid}/task").iterdir()
        children = [int(c) for t in tasks for c in (t / "children").read_text().split()]
    except (FileNotFoundError, ProcessLookupError):
        return found
    for child in children:
        found += [child, *descendants(child)]
    return found


def kill_service(name: str) -> str:
    """SIGKILL a service's process and its workers; its supervisor (the pid file) restarts it."""
    supervisor = int((RUN / f"{name}.pid").read_text())
    victims = descendants(supervisor)
    for pid in reversed(victims):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            continue
    return f"killed {name} ({len(victims)} process(es) under supervisor {supervisor})"


def kill_transcode_mid_job(wait_s: float) -> str:
    """Kill transcode while ffmpeg runs under it (waiting up to `wait_s` for a job to start)."""
    supervisor = int((RUN / "transcode.pid").read_text())
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        if any(_is_ffmpeg(pid) for pid in descendants(supervisor)):
            return kill_service("transcode") + ", mid-job (ffmpeg running)"
        time.sleep(0.2)
    return kill_service("transcode") + f", idle (no job within {wait_s:.0f} s)"


def _is_ffmpeg(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip() == "ffmpeg"
    except FileNotFoundError:
        return False


async def busiest_partition(kafka: KafkaConnection, topics: list[str]) -> tuple[str, int, int]:
    """(topic, partition, leading node) of the partition holding the most records."""
    admin = AIOKafkaAdminClient(**kafka.client_options())
    await admin.start()
    try:
        described = await admin.describe_topics(topics)
    finally:
        await admin.close()
    leaders = {
        TopicPartition(t["topic"], p["partition"]): p["leader"]
        for t in described
        for p in t["partitions"]
    }
    consumer = AIOKafkaConsumer(**kafka.client_options(), enable_auto_commit=False)
    await consumer.start()
    try:
        ends = await consumer.end_offsets(list(leaders))
    finally:
        await consumer.stop()
    busiest = max(ends, key=lambda tp: ends[tp])
    return busiest.topic, busiest.partition, leaders[busiest]


def kill_broker(brokers: int, node: int, why: str) -> str:
    """SIGKILL Kafka node `node`; `servers-up.sh` (run by `restore_servers`) restarts it."""
    live = [n for n in range(1, brokers + 1) if _alive(RUN / f"kafka-{n}.pid")]
    if len(live) < brokers:
        return "skipped a broker kill: one is still down"
    pid = int((RUN / f"kafka-{node}.pid").read_text())
    os.kill(pid, signal.SIGKILL)
    return f"killed kafka-{node} (pid {pid}), {why}"


def restart_minio() -> str:
    """SIGKILL MinIO (every drive at once) by its pid and start it again, as `make up` would."""
    pid = int((RUN / "minio.pid").read_text())
    os.kill(pid, signal.SIGKILL)
    while _alive(RUN / "minio.pid"):
        time.sleep(0.1)
    script = f'source "{ROOT}/infra/servers.sh"; load_local_env; start_minio'
    started = time.monotonic()
    subprocess.run(["bash", "-c", script], check=True, capture_output=True, timeout=120)
    return (
        f"killed MinIO (pid {pid}) and started it again ({time.monotonic() - started:.1f} s down)"
    )


def restart_postgres() -> str:
    """Stop PostgreSQL (fast: sessions cut) and start it again, as an operator's restart."""
    script = f'source "{ROOT}/infra/servers.sh"; load_local_env; stop_postgres; start_postgres'
    started = time.monotonic()
    subprocess.run(["bash", "-c", script], check=True, capture_output=True, timeout=120)
    return f"restarted postgresql ({time.monotonic() - started:.1f} s down)"


def restore_servers() -> str:
    """Start whatever server is down (the killed broker), as `make up` would."""
    started = time.monotonic()
    subprocess.run(
        [str(ROOT / "infra" / "servers-up.sh")], check=True, capture_output=True, timeout=300
    )
    return f"servers restored ({time.monotonic() - started:.1f} s)"


def _alive(pidfile: Path) -> bool:
    try:
        os.kill(int(pidfile.read_text()), 0)
    except (FileNotFoundError, ProcessLookupError, ValueError):
        return False
    return True


def lose_minio_drive(drives: int, choose: Callable[[list[int]], int]) -> str:
    """Remove one of MinIO's drive folders (its data with it); `replace_minio_drive` puts an
    empty one back, which MinIO formats and heals."""
    if drives < 4:
        return "skipped the drive loss: MinIO runs on one drive"
    drive = choose(list(range(1, drives + 1)))
    path = ROOT / "var" / "data" / "minio-drives" / f"drive{drive}"
    # Renamed first, at once: MinIO writes into the folder while it is being deleted.
    lost = path.with_name(f"drive{drive}.lost")
    path.rename(lost)
    shutil.rmtree(lost, ignore_errors=True)
    return f"removed MinIO drive{drive}"


def replace_minio_drive(drives: int) -> str:
    if drives < 4:
        return "no MinIO drive to replace: MinIO runs on one drive"
    folder = ROOT / "var" / "data" / "minio-drives"
    replaced = [n for n in range(1, drives + 1) if not (folder / f"drive{n}").exists()]
    for n in replaced:
        (folder / f"drive{n}").mkdir()
    if not replaced:
        return "no MinIO drive to replace: MinIO had made the removed folder again itself"
    return f"replaced MinIO drive(s) {replaced} with empty folders (MinIO heals them)"
