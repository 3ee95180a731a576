"""docker-compose.yml cannot run here (no Docker engine), so it is checked against the code:
every SPIN_* variable is a settings field, ports agree with the settings and infra/env.sh,
and every service image is multi-stage, non-root and health-checked."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic_settings import BaseSettings
from spin_ingest.settings import IngestSettings
from spin_planner.settings import PlannerSettings
from spin_portal.settings import PortalSettings
from spin_transcode.settings import TranscodeSettings
from spincore.settings import ServiceSettings

ROOT = Path(__file__).resolve().parents[2]
SETTINGS: dict[str, type[BaseSettings]] = {
    "ingest": IngestSettings,
    "transcode": TranscodeSettings,
    "planner": PlannerSettings,
    "portal": PortalSettings,
}
CONNECTIONS = {
    "SPIN_KAFKA_BOOTSTRAP",
    "SPIN_S3_ENDPOINT",
    "SPIN_S3_ACCESS_KEY",
    "SPIN_S3_SECRET_KEY",
    "SPIN_DATABASE_URL",
    "SPIN_AUTH_PUBLIC_KEY_FILE",
    "SPIN_ENV",
}


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())  # type: ignore[no-any-return]


def infra_ports() -> dict[str, int]:
    """The default ports (a checkout's port offset moves them all; compose uses the defaults)."""
    text = (ROOT / "infra" / "env.sh").read_text()
    pattern = r'(\w+_PORT)="\$\{\w+:-\$\(port (\d+)\)\}"'
    return {name: int(port) for name, port in re.findall(pattern, text)}


def env_names(settings_type: type[BaseSettings]) -> set[str]:
    prefix = settings_type.model_config.get("env_prefix", "")
    return {f"{prefix}{name}".upper() for name in settings_type.model_fields}


@pytest.mark.parametrize("service", SETTINGS)
def test_every_variable_is_a_setting_and_connections_are_given(
    compose: dict[str, Any], service: str
) -> None:
    environment = compose["services"][service]["environment"]
    spin_vars = {name for name in environment if name.startswith("SPIN_")}
    assert spin_vars - env_names(SETTINGS[service]) == set()
    assert spin_vars >= CONNECTIONS


@pytest.mark.parametrize("service", SETTINGS)
def test_ports_agree_with_settings_and_local_infra(compose: dict[str, Any], service: str) -> None:
    spec = compose["services"][service]
    port = SETTINGS[service]().http_port  # type: ignore[attr-defined]
    assert int(spec["environment"]["SPIN_HTTP_PORT"]) == port
    assert infra_ports()[f"{service.upper()}_PORT"] == port
    assert spec["ports"] == [f"127.0.0.1:{port}:{port}"]


def test_servers_publish_the_local_ports_on_loopback(compose: dict[str, Any]) -> None:
    ports = infra_ports()
    services = compose["services"]
    assert f"127.0.0.1:{ports['KAFKA_PORT']}:" in services["kafka"]["ports"][0]
    assert f"127.0.0.1:{ports['MINIO_PORT']}:" in services["minio"]["ports"][0]
    assert f"127.0.0.1:{ports['PG_PORT']}:" in services["postgres"]["ports"][0]


def test_local_credentials_use_the_same_variable_names() -> None:
    servers_sh = (ROOT / "infra" / "servers.sh").read_text()
    local_names = set(re.findall(r"^(SPIN_\w+)=", servers_sh, flags=re.MULTILINE))
    assert local_names >= {"SPIN_KAFKA_BOOTSTRAP", "SPIN_S3_ENDPOINT", "SPIN_DATABASE_URL"}
    assert local_names <= env_names(ServiceSettings)


@pytest.mark.parametrize("service", SETTINGS)
def test_images_are_multi_stage_non_root_and_health_checked(
    compose: dict[str, Any], service: str
) -> None:
    build = compose["services"][service]["build"]
    text = (ROOT / build["dockerfile"]).read_text()
    stages = re.split(r"^(?=FROM )", text, flags=re.MULTILINE)
    target = next(s for s in stages if s.split("\n", 1)[0].endswith(f" AS {build['target']}"))
    assert len(stages) > 2  # the target's own stage and at least one it builds from
    users = re.findall(r"^USER (\S+)", target, flags=re.MULTILINE)
    assert users
    assert users[-1] not in {"root", "0"}
    assert "HEALTHCHECK" in text
    assert f'CMD ["spin-{service}"]' in target


def test_no_image_is_the_deleted_docker_hub_minio(compose: dict[str, Any]) -> None:
    images = [spec.get("image", "") for spec in compose["services"].values()]
    assert not any(image.startswith("minio/minio") for image in images)


def test_the_cluster_profile_is_the_cluster_infra_runs(compose: dict[str, Any]) -> None:
    """`docker compose --profile cluster` and `KAFKA_BROKERS=3 MINIO_DRIVES=4 make up` agree:
    three KRaft nodes on the ports infra/kafka.sh derives, a quorum of the three, topics with 3
    copies and min.insync 2; MinIO erasure-coded over four volumes."""
    services = compose["services"]
    env_sh = (ROOT / "infra" / "env.sh").read_text()
    assert "kafka_port() { echo $(( KAFKA_PORT + 2 * ($1 - 1) )); }" in env_sh
    base = infra_ports()["KAFKA_PORT"]
    voters = "1@kafka-1:19093,2@kafka-2:19093,3@kafka-3:19093"
    for node in (1, 2, 3):
        spec = services[f"kafka-{node}"]
        environment = spec["environment"]
        port = base + 2 * (node - 1)
        assert spec["profiles"] == ["cluster"]
        assert environment["KAFKA_NODE_ID"] == node
        assert environment["KAFKA_CONTROLLER_QUORUM_VOTERS"] == voters
        assert environment["KAFKA_PROCESS_ROLES"] == "broker,controller"
        assert f"EXTERNAL://127.0.0.1:{port}" in environment["KAFKA_ADVERTISED_LISTENERS"]
        assert spec["ports"] == [f"127.0.0.1:{port}:{port}"]
        assert environment["KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"] == 3
        assert environment["KAFKA_AUTHORIZER_CLASS_NAME"].endswith("StandardAuthorizer")
    topics = services["kafka-topics-cluster"]["environment"]
    assert (topics["SPIN_KAFKA_REPLICATION_FACTOR"], topics["SPIN_KAFKA_MIN_INSYNC_REPLICAS"]) == (
        3,
        2,
    )
    minio = services["minio-cluster"]
    assert "/data{1...4}" in minio["entrypoint"]
    assert len(minio["volumes"]) == 4
    assert minio["profiles"] == ["cluster"]
    for single in ("kafka", "minio", "kafka-topics"):
        assert services[single]["profiles"] == ["single"]


def test_services_start_with_either_profile(compose: dict[str, Any]) -> None:
    """Each service waits for whichever of the pair the profile runs, not for both."""
    for service in SETTINGS:
        depends = compose["services"][service]["depends_on"]
        for name in ("kafka-topics", "kafka-topics-cluster", "minio", "minio-cluster"):
            assert depends[name]["required"] is False
    example = (ROOT / ".env.example").read_text()
    assert "COMPOSE_PROFILES=single" in example
