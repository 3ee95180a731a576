"""Typed settings shared by every service (pydantic-settings, `SPIN_` prefix)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import ClassVar, Self, TypeVar

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from spincore.kafka_connection import KafkaConnection, ScramMechanism

PLACEHOLDER_SECRETS = frozenset({"", "changeme", "change-me", "minioadmin", "password", "secret"})
T = TypeVar("T")


def setting(
    default: T,
    description: str,
    *,
    ge: float | None = None,
    gt: float | None = None,
    le: float | None = None,
) -> T:
    """A setting's default, its bounds and what it is for (shown in the settings' schema)."""
    field: T = Field(default=default, description=description, ge=ge, gt=gt, le=le)
    return field


class Environment(StrEnum):
    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


class ServiceSettings(BaseSettings):
    """Settings every service has. All variables use the `SPIN_` prefix, locally and in compose."""

    model_config = SettingsConfigDict(env_prefix="SPIN_", extra="ignore", frozen=True)

    env: Environment = Environment.DEVELOPMENT
    service_name: str = "spin"
    http_host: str = "127.0.0.1"
    http_port: int = 8100
    http_workers: int = setting(
        1,
        "HTTP worker processes; above 1 the service must serve through an app factory",
        ge=1,
        le=64,
    )
    http_keep_alive_s: int = setting(
        75,
        "how long an idle keep-alive connection stays open; longer than clients' "
        "and proxies' idle timeouts, so a client never reuses a connection the server is closing",
        gt=0,
    )
    http_max_header_bytes: int = setting(
        32 * 1024, "request line and headers together; longer ones are refused with 431", ge=1024
    )
    http_header_timeout_s: float = setting(
        10.0,
        "time a client has to send a request's line and headers; a connection "
        "that sends nothing or trickles its headers is closed then",
        gt=0,
    )
    max_body_bytes: int = setting(
        1024 * 1024, "largest request body of the JSON APIs and forms (413 beyond)", ge=1024
    )
    trusted_proxies: list[str] = Field(
        default_factory=list,
        description="addresses (or networks) of reverse proxies whose X-Forwarded-For and "
        "X-Forwarded-Proto are believed; empty: none is, and a client's address is its socket's",
    )
    # Paths whose bodies are bounded by the service itself (ingest's tus uploads).
    UNBOUNDED_BODY_PATHS: ClassVar[tuple[str, ...]] = ()
    log_level: str = "INFO"
    startup_wait_s: float = setting(
        15.0,
        "how long the server waits for a start-up (topics, migrations, bucket, consumers) "
        "while a dependency is short before it answers anyway: /readyz then names what is "
        "short and other requests get 503 until the start-up is done",
        ge=0,
        le=600,
    )

    kafka_bootstrap: str = "127.0.0.1:19092"
    kafka_username: str | None = setting(
        None,
        "this process's SASL/SCRAM principal (each service has its own, allowed "
        "only its topics and consumer groups); none: the broker is reached unauthenticated",
    )
    kafka_password: SecretStr | None = None
    kafka_sasl_mechanism: ScramMechanism = "SCRAM-SHA-512"
    kafka_replication_factor: int = setting(
        1,
        "copies of each topic's partitions made when a topic is created (3 on a "
        "three-broker cluster; infra/ sets it from the topology)",
        ge=1,
        le=9,
    )
    kafka_min_insync_replicas: int = setting(
        1,
        "in-sync copies a write (acks=all) needs before it is acknowledged; with "
        "fewer live brokers writes wait in the outboxes and /readyz names kafka as short",
        ge=1,
        le=9,
    )
    topic_prefix: str = setting("", "prepended to every topic; tests isolate with it")

    s3_endpoint: str = "127.0.0.1:19000"
    s3_access_key: str = "minioadmin"
    s3_secret_key: SecretStr = SecretStr("minioadmin")
    s3_secure: bool = False
    s3_region: str = "us-east-1"
    s3_bucket: str = "spin-footage"
    s3_encryption: bool = setting(
        True,
        "write every object encrypted at rest (bucket default SSE-S3, keys from "
        "the object store's KMS); outside production a store without a KMS is only warned about",
    )

    database_url: SecretStr = SecretStr("postgresql+asyncpg://spin:spin@127.0.0.1:15432/spin")
    db_schema: str = Field(default="public", pattern=r"^[a-z_][a-z0-9_]*$")
    db_pool_size: int = setting(
        10,
        "database connections each process keeps (as many again while busy); "
        "below the requests a process has in flight, connections are opened and closed per burst",
        ge=1,
        le=100,
    )
    db_pre_ping: bool = setting(
        True,
        "test each pooled connection before use (three round trips: BEGIN, ping, "
        "ROLLBACK); without it a connection broken by a database restart fails one request "
        "and the pool is then renewed",
    )

    auth_public_key_file: Path | None = None
    auth_private_key_file: Path | None = None
    auth_issuer: str = "spin-vig"

    @property
    def kafka(self) -> KafkaConnection:
        return KafkaConnection(
            self.kafka_bootstrap,
            self.kafka_username,
            self.kafka_password,
            self.kafka_sasl_mechanism,
        )

    @model_validator(mode="after")
    def refuse_placeholders_outside_development(self) -> Self:
        if (self.kafka_username is None) != (self.kafka_password is None):
            raise ValueError("SPIN_KAFKA_USERNAME and SPIN_KAFKA_PASSWORD go together")
        if self.env is Environment.DEVELOPMENT:
            return self
        weak = [
            name
            for name, value in (
                ("SPIN_S3_SECRET_KEY", self.s3_secret_key.get_secret_value()),
                ("SPIN_S3_ACCESS_KEY", self.s3_access_key),
                ("SPIN_DATABASE_URL password", _db_password(self.database_url.get_secret_value())),
                *_kafka_password(self.kafka_password),
            )
            if value.lower() in PLACEHOLDER_SECRETS or value in {"spin"}
        ]
        if weak:
            raise ValueError(
                f"placeholder secrets are refused outside development: {', '.join(weak)}"
            )
        if self.auth_public_key_file is None:
            raise ValueError("SPIN_AUTH_PUBLIC_KEY_FILE is required outside development")
        if self.env is Environment.PRODUCTION and self.kafka_username is None:
            raise ValueError(
                "SPIN_KAFKA_USERNAME and SPIN_KAFKA_PASSWORD are required in production"
            )
        return self


def _db_password(url: str) -> str:
    credentials = url.split("://", 1)[-1].split("@", 1)[0]
    return credentials.split(":", 1)[1] if ":" in credentials else ""


def _kafka_password(password: SecretStr | None) -> list[tuple[str, str]]:
    return [] if password is None else [("SPIN_KAFKA_PASSWORD", password.get_secret_value())]
