"""Find the real servers: environment variables, else testcontainers, else infra/ processes."""

from __future__ import annotations

import os
import subprocess
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from pydantic import SecretStr
from spincore.kafka_connection import KafkaConnection

ROOT = Path(__file__).resolve().parents[2]
LOCAL_ENV = ROOT / "var" / "secrets" / "local.env"
SERVICE_BASE_PORTS = {"ingest": 8101, "transcode": 8102, "planner": 8103, "portal": 8104}


def port_offset() -> int:
    """How far this checkout's stack sits above the default ports (infra/env.sh, same rule)."""
    configured = os.environ.get("SPIN_PORT_OFFSET")
    if configured is None:
        offset_file = ROOT / "var" / "port-offset"
        configured = offset_file.read_text().strip() if offset_file.exists() else "0"
    return int(configured or 0)


def service_port(service: str) -> int:
    return SERVICE_BASE_PORTS[service] + port_offset()


def service_url(service: str) -> str:
    return f"http://127.0.0.1:{service_port(service)}"


@dataclass(frozen=True)
class Endpoints:
    kafka_bootstrap: str
    s3_endpoint: str
    s3_access_key: str
    s3_secret_key: str
    database_url: str
    source: str
    # The operator's Kafka principal (a super user: tests create and drop their own topics);
    # none where the broker takes anyone (testcontainers).
    kafka_username: str | None = None
    kafka_password: str | None = None

    @property
    def kafka(self) -> KafkaConnection:
        password = SecretStr(self.kafka_password) if self.kafka_password is not None else None
        return KafkaConnection(self.kafka_bootstrap, self.kafka_username, password)

    def env(self) -> dict[str, str]:
        """The service settings that point at these servers (SPIN_* names)."""
        kafka_user = (
            {"SPIN_KAFKA_USERNAME": self.kafka_username, "SPIN_KAFKA_PASSWORD": self.kafka_password}
            if self.kafka_username is not None and self.kafka_password is not None
            else {}
        )
        return {
            **kafka_user,
            "SPIN_KAFKA_BOOTSTRAP": self.kafka_bootstrap,
            "SPIN_S3_ENDPOINT": self.s3_endpoint,
            "SPIN_S3_ACCESS_KEY": self.s3_access_key,
            "SPIN_S3_SECRET_KEY": self.s3_secret_key,
            "SPIN_DATABASE_URL": self.database_url,
        }


def from_environment() -> Endpoints | None:
    env = os.environ
    names = ["KAFKA_BOOTSTRAP", "S3_ENDPOINT", "S3_ACCESS_KEY", "S3_SECRET_KEY", "DATABASE_URL"]
    if not all(env.get(f"SPIN_TEST_{name}") for name in names):
        return None
    return Endpoints(
        kafka_bootstrap=env["SPIN_TEST_KAFKA_BOOTSTRAP"],
        s3_endpoint=env["SPIN_TEST_S3_ENDPOINT"],
        s3_access_key=env["SPIN_TEST_S3_ACCESS_KEY"],
        s3_secret_key=env["SPIN_TEST_S3_SECRET_KEY"],
        database_url=env["SPIN_TEST_DATABASE_URL"],
        source="environment",
        kafka_username=env.get("SPIN_TEST_KAFKA_USERNAME"),
        kafka_password=env.get("SPIN_TEST_KAFKA_PASSWORD"),
    )


def docker_engine_answers() -> bool:
    try:
        import docker  # noqa: PLC0415 - only needed when a Docker engine may exist

        docker.from_env(timeout=3).ping()
        return True
    except Exception:  # noqa: BLE001 - no engine, no testcontainers
        return False


def from_testcontainers(stack: ExitStack) -> Endpoints:
    from testcontainers.kafka import KafkaContainer  # noqa: PLC0415
    from testcontainers.minio import MinioContainer  # noqa: PLC0415
    from testcontainers.postgres import PostgresContainer  # noqa: PLC0415

    kafka = stack.enter_context(KafkaContainer("apache/kafka:4.1.1").with_kraft())
    minio = stack.enter_context(MinioContainer("quay.io/minio/minio:RELEASE.2025-09-07T16-13-09Z"))
    postgres = stack.enter_context(PostgresContainer("postgres:15", driver="asyncpg"))
    s3 = minio.get_config()
    return Endpoints(
        kafka_bootstrap=kafka.get_bootstrap_server(),
        s3_endpoint=s3["endpoint"],
        s3_access_key=s3["access_key"],
        s3_secret_key=s3["secret_key"],
        database_url=postgres.get_connection_url(),
        source="testcontainers",
    )


def from_local_processes() -> Endpoints:
    """Start (or reuse) the servers of infra/ and read their generated credentials."""
    subprocess.run([str(ROOT / "infra" / "servers-up.sh")], check=True)
    values = dict(line.split("=", 1) for line in LOCAL_ENV.read_text().splitlines() if "=" in line)
    return Endpoints(
        kafka_bootstrap=values["SPIN_KAFKA_BOOTSTRAP"],
        s3_endpoint=values["SPIN_S3_ENDPOINT"],
        s3_access_key=values["SPIN_S3_ACCESS_KEY"],
        s3_secret_key=values["SPIN_S3_SECRET_KEY"],
        database_url=values["SPIN_DATABASE_URL"],
        source="infra",
        kafka_username=values["SPIN_KAFKA_USERNAME"],
        kafka_password=values["SPIN_KAFKA_PASSWORD"],
    )


def kafka_of(env: dict[str, str]) -> KafkaConnection:
    """The Kafka connection SPIN_* variables describe (those of local.env: the operator's)."""
    connection = KafkaConnection(env["SPIN_KAFKA_BOOTSTRAP"])
    if "SPIN_KAFKA_USERNAME" not in env:
        return connection
    return connection.as_user(env["SPIN_KAFKA_USERNAME"], env["SPIN_KAFKA_PASSWORD"])


def service_kafka_credentials(service: str) -> tuple[str, str]:
    """The principal infra/ made for `service` (var/secrets/kafka/<service>.env)."""
    path = LOCAL_ENV.parent / "kafka" / f"{service}.env"
    values = dict(line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)
    return values["SPIN_KAFKA_USERNAME"], values["SPIN_KAFKA_PASSWORD"]


def locate(stack: ExitStack) -> Endpoints:
    return from_environment() or (
        from_testcontainers(stack) if docker_engine_answers() else from_local_processes()
    )
