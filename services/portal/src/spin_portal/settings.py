"""Portal settings: the shared `SPIN_` variables plus this service's own."""

from typing import Self

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import SettingsConfigDict
from spincore.i18n import LANGUAGES
from spincore.settings import PLACEHOLDER_SECRETS, Environment, ServiceSettings

from spin_portal.domain.time_zone import known_zone

DEVELOPMENT_SESSION_SECRET = "development-only-session-secret"  # noqa: S105 - refused below


class PortalSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="SPIN_", extra="ignore", frozen=True)

    service_name: str = "portal"
    http_port: int = 8104
    http_workers: int = Field(
        default=2, ge=1, le=64, description="HTTP worker processes (pages are CPU-bound)"
    )
    db_schema: str = "portal"

    session_secret: SecretStr = Field(
        default=SecretStr(DEVELOPMENT_SESSION_SECRET),
        description="signs session cookies; required (32+ characters) outside development",
    )
    session_max_age_s: int = Field(default=8 * 3600, ge=60)
    cookie_secure: bool | None = Field(
        default=None, description="Secure cookies; default: on everywhere but development"
    )
    login_max_failures: int = Field(
        default=5,
        ge=1,
        description="failed logins of one account from one address before each further "
        "attempt of that pair waits (one address: four times as many, over any accounts)",
    )
    login_first_wait_s: float = Field(
        default=30,
        gt=0,
        description="the first wait; it doubles with each further failure, up to the window",
    )
    login_window_s: int = Field(
        default=900, ge=1, description="how long a failed login counts (and the longest wait)"
    )
    upload_token_max_days: int = Field(default=90, ge=1)
    footage_link_s: int = Field(default=300, ge=10, le=900, description="presigned link life")
    projection_batch: int = Field(default=5000, ge=1, description="events per read-model write")
    planner_url: str = Field(
        default="http://127.0.0.1:8103", description="the planner API, as the portal reaches it"
    )
    ingest_public_url: str = Field(
        default="http://127.0.0.1:8101",
        description="ingest as people's browsers reach it (uploads go there, not through us)",
    )
    password_link_hours: int = Field(
        default=72, ge=1, le=24 * 30, description="life of a single-use set-password link"
    )
    person_token_s: int = Field(
        default=300, ge=30, le=900, description="life of a token minted for one person"
    )
    # Adding a language: its catalog under spin_portal/locale/<code>/ and its code here.
    languages: tuple[str, ...] = Field(
        default=LANGUAGES, description="languages the portal offers (catalog codes)"
    )
    default_language: str | None = Field(
        default=None,
        description="language of institutes that set none; unset: the browser's, then English",
    )
    time_zone: str = Field(
        default="UTC",
        description="IANA time zone of institutes that set none, and of people without one",
    )

    @field_validator("time_zone")
    @classmethod
    def known_time_zone(cls, name: str) -> str:
        if known_zone(name) is None:
            raise ValueError(f"not an IANA time zone: {name!r}")
        return name

    @property
    def secure_cookies(self) -> bool:
        if self.cookie_secure is not None:
            return self.cookie_secure
        return self.env is not Environment.DEVELOPMENT

    @model_validator(mode="after")
    def refuse_placeholder_session_secret(self) -> Self:
        if self.env is Environment.DEVELOPMENT:
            return self
        secret = self.session_secret.get_secret_value()
        if secret == DEVELOPMENT_SESSION_SECRET or secret.lower() in PLACEHOLDER_SECRETS:
            raise ValueError("SPIN_SESSION_SECRET must be set outside development")
        if len(secret) < 32:
            raise ValueError("SPIN_SESSION_SECRET must have at least 32 characters")
        return self
