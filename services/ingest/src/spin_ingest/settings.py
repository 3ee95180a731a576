"""Ingest settings: the shared `SPIN_` variables plus this service's own."""

from pydantic_settings import SettingsConfigDict
from spincore.settings import ServiceSettings


class IngestSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="SPIN_", extra="ignore", frozen=True)

    service_name: str = "ingest"
    http_port: int = 8101
    db_schema: str = "ingest"
