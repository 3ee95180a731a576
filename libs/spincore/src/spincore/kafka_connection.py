"""How a process reaches Kafka: the bootstrap servers and, where the broker wants them, its own
SASL/SCRAM credentials (each service has its principal; see `spincore.kafka_access`)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Literal

from pydantic import SecretStr

ScramMechanism = Literal["SCRAM-SHA-512", "SCRAM-SHA-256"]


@dataclass(frozen=True)
class KafkaConnection:
    bootstrap: str
    username: str | None = None
    password: SecretStr | None = None
    mechanism: ScramMechanism = "SCRAM-SHA-512"

    @property
    def authenticated(self) -> bool:
        return self.username is not None

    def client_options(self) -> dict[str, Any]:
        """Keyword arguments for any aiokafka client (producer, consumer, admin)."""
        options: dict[str, Any] = {"bootstrap_servers": self.bootstrap}
        if self.username is None:
            return options
        return {
            **options,
            "security_protocol": "SASL_PLAINTEXT",
            "sasl_mechanism": self.mechanism,
            "sasl_plain_username": self.username,
            "sasl_plain_password": self.password.get_secret_value() if self.password else "",
        }

    def at(self, bootstrap: str) -> KafkaConnection:
        """The same identity at another broker (tests' private brokers)."""
        return replace(self, bootstrap=bootstrap)

    def as_user(self, username: str | None, password: str | None = None) -> KafkaConnection:
        return replace(
            self, username=username, password=SecretStr(password) if password is not None else None
        )

    def __repr__(self) -> str:
        return f"KafkaConnection({self.bootstrap!r}, user={self.username!r})"
