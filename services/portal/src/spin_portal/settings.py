"""Portal settings: the shared `SPIN_` variables plus this service's own."""

from pydantic_settings import SettingsConfigDict
from spincore.settings import ServiceSettings


class PortalSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="SPIN_", extra="ignore", frozen=True)

    service_name: str = "portal"
    http_port: int = 8104
    db_schema: str = "portal"
