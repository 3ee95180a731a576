"""Private Kafka and MinIO processes for tests that stop and restart a server.

The shared servers of infra/ must keep running for every other test, so failure tests start
their own broker or object store (same cached binaries as infra/, own port and data folder).
"""

from __future__ import annotations

import base64
import os
import signal
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from spincore.kafka_connection import KafkaConnection

from tests.support.http import free_port
from tests.support.servers import ROOT

T = TypeVar("T", bound="PrivateServer")
CACHE = Path(os.environ.get("SPIN_CACHE_DIR", Path.home() / ".cache" / "spin-vig"))


def _env_value(name: str) -> str:
    for line in (ROOT / "infra" / "env.sh").read_text().splitlines():
        if line.startswith(f"{name}="):
            return line.split("=", 1)[1].strip('"')
    raise KeyError(name)


def _wait_for_port(port: int, process: subprocess.Popen[bytes], log: Path, secs: float) -> None:
    deadline = time.monotonic() + secs
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log.read_text()[-3000:]}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"server did not open port {port}:\n{log.read_text()[-3000:]}")


class PrivateServer:
    """A server process this test owns: `stop()` and `start()` it at will."""

    def __init__(self, name: str, workdir: Path, port: int) -> None:
        self.name = name
        self.workdir = workdir
        self.port = port
        self.log = workdir / f"{name}.log"
        self.process: subprocess.Popen[bytes] | None = None

    def command(self) -> list[str]:
        raise NotImplementedError

    def environment(self) -> dict[str, str]:
        return dict(os.environ)

    def prepare(self) -> None:
        """First-start set-up (formatting storage and the like)."""

    def start(self, timeout_s: float = 90) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                self.command(),
                stdout=log,
                stderr=subprocess.STDOUT,
                env=self.environment(),
                start_new_session=True,
            )
        _wait_for_port(self.port, self.process, self.log, timeout_s)

    def stop(self) -> None:
        """Stop the process we started (by its pid; it is its own process group)."""
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)


class PrivateKafka(PrivateServer):
    """`admin`: the principal the shared broker's clients sign in as; this broker then wants it
    too (SASL/SCRAM, a super user), so settings made for the shared one work here unchanged."""

    def __init__(self, workdir: Path, admin: KafkaConnection | None = None) -> None:
        super().__init__("kafka", workdir, free_port())
        self.controller_port = free_port()
        self.libs = CACHE / f"kafka-{_env_value('KAFKA_VERSION')}" / "libs"
        self.admin = admin if admin is not None and admin.authenticated else None

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def kafka(self) -> KafkaConnection:
        return self.admin.at(self.bootstrap) if self.admin else KafkaConnection(self.bootstrap)

    def _listeners(self) -> list[str]:
        ports = f"127.0.0.1:{self.port},CONTROLLER://127.0.0.1:{self.controller_port}"
        if self.admin is None:
            return [
                f"listeners=PLAINTEXT://{ports}",
                f"advertised.listeners=PLAINTEXT://127.0.0.1:{self.port}",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            ]
        user, mechanism = self.admin.username, self.admin.mechanism
        password = self.admin.password.get_secret_value() if self.admin.password else ""
        plain = "org.apache.kafka.common.security.plain.PlainLoginModule required"
        return [
            f"listeners=CLIENT://{ports}",
            f"advertised.listeners=CLIENT://127.0.0.1:{self.port}",
            "inter.broker.listener.name=CLIENT",
            "listener.security.protocol.map=CLIENT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT",
            f"sasl.enabled.mechanisms={mechanism},PLAIN",
            "sasl.mechanism.inter.broker.protocol=PLAIN",
            f"listener.name.client.{mechanism.lower()}.sasl.jaas.config="
            "org.apache.kafka.common.security.scram.ScramLoginModule required;",
            f'listener.name.client.plain.sasl.jaas.config={plain} username="{user}" '
            f'password="{password}" user_{user}="{password}";',
            "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
            f"super.users=User:{user};User:ANONYMOUS",  # ANONYMOUS: the controller listener
        ]

    def _add_scram(self) -> list[str]:
        if self.admin is None:
            return []
        password = self.admin.password.get_secret_value() if self.admin.password else ""
        return [
            f"--add-scram={self.admin.mechanism}=[name={self.admin.username},password={password}]"
        ]

    def _java(self) -> list[str]:
        return [
            "java",
            "-Xms128m",
            "-Xmx384m",
            f"-Dlog4j2.configurationFile={ROOT / 'infra' / 'kafka' / 'log4j2.xml'}",
            "-cp",
            f"{self.libs}/*",
        ]

    def prepare(self) -> None:
        config = self.workdir / "server.properties"
        config.write_text(
            "\n".join(
                [
                    "process.roles=broker,controller",
                    "node.id=1",
                    f"controller.quorum.voters=1@127.0.0.1:{self.controller_port}",
                    *self._listeners(),
                    "controller.listener.names=CONTROLLER",
                    f"log.dirs={self.workdir / 'logs'}",
                    "num.partitions=3",
                    "auto.create.topics.enable=false",
                    "offsets.topic.replication.factor=1",
                    "transaction.state.log.replication.factor=1",
                    "transaction.state.log.min.isr=1",
                    "group.initial.rebalance.delay.ms=0",
                    "share.coordinator.state.topic.replication.factor=1",
                    "",
                ]
            )
        )
        cluster_id = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        subprocess.run(
            [
                *self._java(),
                "kafka.tools.StorageTool",
                "format",
                f"--cluster-id={cluster_id}",
                *self._add_scram(),
                "-c",
                str(config),
            ],
            check=True,
            capture_output=True,
        )

    def command(self) -> list[str]:
        return [*self._java(), "kafka.Kafka", str(self.workdir / "server.properties")]


class PrivateMinio(PrivateServer):
    """`kms_key` (`<name>:<base64 of 32 bytes>`, as infra/ makes it): encryption at rest."""

    def __init__(
        self, workdir: Path, access_key: str, secret_key: str, kms_key: str | None = None
    ) -> None:
        super().__init__("minio", workdir, free_port())
        self.access_key = access_key
        self.secret_key = secret_key
        self.kms_key = kms_key
        self.binary = CACHE / f"minio-{_env_value('MINIO_MODULE_VERSION')}" / "minio"

    @property
    def endpoint(self) -> str:
        return f"127.0.0.1:{self.port}"

    def environment(self) -> dict[str, str]:
        return {
            **os.environ,
            "MINIO_ROOT_USER": self.access_key,
            "MINIO_ROOT_PASSWORD": self.secret_key,
            "MINIO_BROWSER": "off",
            **({"MINIO_KMS_SECRET_KEY": self.kms_key} if self.kms_key else {}),
        }

    def command(self) -> list[str]:
        return [
            str(self.binary),
            "server",
            "--quiet",
            "--address",
            self.endpoint,
            "--console-address",
            f"127.0.0.1:{free_port()}",
            str(self.workdir / "data"),
        ]


@contextmanager
def running_privately(server: T) -> Iterator[T]:
    """Prepare and start `server`; always stop it afterwards."""
    server.workdir.mkdir(parents=True, exist_ok=True)
    server.prepare()
    server.start()
    try:
        yield server
    finally:
        server.stop()
