"""Transcode settings: the shared `SPIN_` variables plus this service's own."""

from pydantic_settings import SettingsConfigDict
from spincore.settings import ServiceSettings


class TranscodeSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="SPIN_", extra="ignore", frozen=True)

    service_name: str = "transcode"
    http_port: int = 8102
    db_schema: str = "transcode"
