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
from spin_portal.settings import DEVELOPMENT_SESSION_SECRET, PortalSettings

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


def local_env(env: dict[str, str]) -> dict[str, str]:
    """var/secrets/local.env after `make up`'s credential step (ensure_local_env) ran."""
    done = subprocess.run(
        ["bash", "-c", f'source "{ROOT}/infra/servers.sh"; ensure_local_env'],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    text = (Path(env["SPIN_VAR_DIR"]) / "secrets" / "local.env").read_text()
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line)


def test_up_generates_a_session_secret_for_the_portal(var_dir: Path) -> None:
    env = {"SPIN_VAR_DIR": str(var_dir)}
    first = local_env(env)
    secret = first["SPIN_SESSION_SECRET"]
    assert len(secret) >= 32
    assert secret != DEVELOPMENT_SESSION_SECRET
    assert local_env(env) == first  # generated once, kept
    portal = PortalSettings.model_validate({k[5:].lower(): v for k, v in first.items()})
    assert portal.session_secret.get_secret_value() == secret

    older = var_dir / "secrets" / "local.env"  # a file from before the secret existed
    older.write_text("".join(f"{k}={v}\n" for k, v in first.items() if k != "SPIN_SESSION_SECRET"))
    upgraded = local_env(env)
    assert upgraded["SPIN_S3_SECRET_KEY"] == first["SPIN_S3_SECRET_KEY"]
    assert len(upgraded["SPIN_SESSION_SECRET"]) >= 32
    assert upgraded["SPIN_SESSION_SECRET"] != secret


def test_up_gives_each_service_its_own_kafka_principal(var_dir: Path) -> None:
    env = {"SPIN_VAR_DIR": str(var_dir)}
    older = var_dir / "secrets" / "local.env"  # a file from before Kafka had credentials
    first = {k: v for k, v in local_env(env).items() if not k.startswith("SPIN_KAFKA_USER")}
    first.pop("SPIN_KAFKA_PASSWORD")
    older.write_text("".join(f"{k}={v}\n" for k, v in first.items()))
    operator = local_env(env)
    assert operator["SPIN_KAFKA_USERNAME"] == "admin"
    assert len(operator["SPIN_KAFKA_PASSWORD"]) >= 24
    assert local_env(env) == operator  # generated once, kept
    passwords = {operator["SPIN_KAFKA_PASSWORD"]}
    for service in ("ingest", "transcode", "planner", "portal"):
        path = var_dir / "secrets" / "kafka" / f"{service}.env"
        assert path.stat().st_mode & 0o077 == 0  # only the owner reads it
        own = dict(line.split("=", 1) for line in path.read_text().splitlines())
        assert own["SPIN_KAFKA_USERNAME"] == service
        passwords.add(own["SPIN_KAFKA_PASSWORD"])
    assert len(passwords) == 5


def test_local_env_follows_a_port_offset_set_after_it_was_made(var_dir: Path) -> None:
    def ensure(offset: int) -> dict[str, str]:
        script = f'source "{ROOT}/infra/servers.sh"; ensure_local_env'
        env = {**os.environ, "SPIN_VAR_DIR": str(var_dir), "SPIN_PORT_OFFSET": str(offset)}
        for name in ("KAFKA_PORT", "MINIO_PORT", "PG_PORT"):
            env.pop(name, None)
        subprocess.run(["bash", "-c", script], env=env, check=True, timeout=60)
        lines = (var_dir / "secrets" / "local.env").read_text().splitlines()
        return dict(line.split("=", 1) for line in lines if "=" in line)

    first, moved = ensure(0), ensure(300)
    assert moved["SPIN_KAFKA_BOOTSTRAP"] == "127.0.0.1:19392"
    assert moved["SPIN_S3_ENDPOINT"] == "127.0.0.1:19300"
    assert moved["SPIN_DATABASE_URL"] == first["SPIN_DATABASE_URL"].replace(":15432/", ":15732/")
    assert moved["SPIN_S3_SECRET_KEY"] == first["SPIN_S3_SECRET_KEY"]


def sourced(script: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.endswith("_PORT")}
    for name in ("KAFKA_BROKERS", "MINIO_DRIVES", "SPIN_PORT_OFFSET"):
        clean.pop(name, None)
    return subprocess.run(
        ["bash", "-c", f'source "{ROOT}/infra/servers.sh"; {script}'],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_cluster_topology_is_kept_and_sets_bootstrap_and_replication(var_dir: Path) -> None:
    cluster = {"SPIN_VAR_DIR": str(var_dir), "SPIN_PORT_OFFSET": "300"}
    chosen = sourced("choose_topology; ensure_local_env", {**cluster, "KAFKA_BROKERS": "3"})
    assert chosen.returncode == 0, chosen.stderr
    assert (var_dir / "topology").read_text() == "KAFKA_BROKERS=3\nMINIO_DRIVES=1\n"
    values = local_env(cluster)  # no KAFKA_BROKERS given: var/topology says 3
    assert values["SPIN_KAFKA_BOOTSTRAP"] == "127.0.0.1:19392,127.0.0.1:19394,127.0.0.1:19396"
    assert values["SPIN_KAFKA_REPLICATION_FACTOR"] == "3"
    assert values["SPIN_KAFKA_MIN_INSYNC_REPLICAS"] == "2"
    voters = sourced("echo $(kafka_voters) $(minio_drives)", {**cluster, "MINIO_DRIVES": "4"})
    assert voters.stdout.split() == [
        "1@127.0.0.1:19393,2@127.0.0.1:19395,3@127.0.0.1:19397",
        f"{var_dir}/data/minio-drives/drive{{1...4}}",
    ]


def test_the_topology_is_not_changed_under_a_running_stack(var_dir: Path) -> None:
    env = {"SPIN_VAR_DIR": str(var_dir)}
    assert sourced("choose_topology", {**env, "KAFKA_BROKERS": "3"}).returncode == 0
    (var_dir / "run").mkdir(exist_ok=True)
    (var_dir / "run" / "kafka-1.pid").write_text(str(os.getpid()))  # a live process
    refused = sourced("choose_topology", {**env, "KAFKA_BROKERS": "1"})
    assert refused.returncode != 0
    assert "'make down' before changing it" in refused.stderr
    assert (var_dir / "topology").read_text().startswith("KAFKA_BROKERS=3")
    unknown = sourced("true", {**env, "KAFKA_BROKERS": "x"})
    assert "KAFKA_BROKERS must be 1 to 9" in unknown.stderr
