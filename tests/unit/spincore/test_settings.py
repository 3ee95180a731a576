import os

import pytest
from pydantic import ValidationError
from spincore.settings import ServiceSettings


@pytest.fixture(autouse=True)
def no_spin_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests speak of settings given here, not of a shell that sourced local.env."""
    for name in [n for n in os.environ if n.startswith("SPIN_")]:
        monkeypatch.delenv(name)


def test_development_accepts_the_local_defaults() -> None:
    assert ServiceSettings(env="development").s3_access_key


def test_placeholder_secrets_are_refused_outside_development() -> None:
    with pytest.raises(ValidationError, match="placeholder secrets are refused"):
        ServiceSettings(
            env="production",
            s3_access_key="minioadmin",
            s3_secret_key="minioadmin",
            auth_public_key_file="k.pem",
        )


def test_production_needs_a_token_verification_key() -> None:
    with pytest.raises(ValidationError, match="SPIN_AUTH_PUBLIC_KEY_FILE"):
        ServiceSettings(
            env="production",
            s3_access_key="svc-ingest",
            s3_secret_key="x8Hk2-long-random",
            database_url="postgresql+asyncpg://ingest:Zq93-long@db/spin",
        )


def test_settings_come_from_spin_prefixed_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPIN_HTTP_PORT", "9999")
    monkeypatch.setenv("SPIN_KAFKA_BOOTSTRAP", "kafka:9092")
    settings = ServiceSettings()
    assert (settings.http_port, settings.kafka_bootstrap) == (9999, "kafka:9092")


def test_production_needs_kafka_credentials() -> None:
    with pytest.raises(ValidationError, match="SPIN_KAFKA_USERNAME"):
        ServiceSettings(
            env="production",
            s3_access_key="svc-ingest",
            s3_secret_key="x8Hk2-long-random",
            database_url="postgresql+asyncpg://ingest:Zq93-long@db/spin",
            auth_public_key_file="k.pem",
        )


def test_a_kafka_username_needs_its_password() -> None:
    with pytest.raises(ValidationError, match="go together"):
        ServiceSettings(kafka_username="ingest")


def test_kafka_credentials_become_sasl_scram_client_options() -> None:
    settings = ServiceSettings(kafka_username="ingest", kafka_password="Zq93-long-random")
    options = settings.kafka.client_options()
    assert options["security_protocol"] == "SASL_PLAINTEXT"
    assert options["sasl_mechanism"] == "SCRAM-SHA-512"
    assert (options["sasl_plain_username"], options["sasl_plain_password"]) == (
        "ingest",
        "Zq93-long-random",
    )
    assert "Zq93" not in repr(settings.kafka)
