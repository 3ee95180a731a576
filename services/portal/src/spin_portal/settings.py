"""Portal settings: the shared `SPIN_` variables plus this service's own."""

from typing import Self

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import SettingsConfigDict
from spincore.i18n import LANGUAGES
from spincore.settings import PLACEHOLDER_SECRETS, Environment, ServiceSettings, setting

from spin_portal.domain.time_zone import known_zone

DEVELOPMENT_SESSION_SECRET = "development-only-session-secret"  # noqa: S105 - refused below


class PortalSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="SPIN_", extra="ignore", frozen=True)

    service_name: str = "portal"
    http_port: int = 8104
    http_workers: int = setting(2, "HTTP worker processes (pages are CPU-bound)", ge=1, le=64)
    db_schema: str = "portal"

    session_secret: SecretStr = setting(
        SecretStr(DEVELOPMENT_SESSION_SECRET),
        "signs session cookies; required (32+ characters) outside development",
    )
    session_max_age_s: int = Field(default=8 * 3600, ge=60)
    cookie_secure: bool | None = setting(
        None, "Secure cookies; default: on everywhere but development"
    )
    login_max_failures: int = setting(
        5,
        "failed logins of one account from one address before each further "
        "attempt of that pair waits (one address: four times as many, over any accounts)",
        ge=1,
    )
    login_first_wait_s: float = setting(
        30, "the first wait; it doubles with each further failure, up to the window", gt=0
    )
    login_window_s: int = setting(
        900, "how long a failed login counts (and the longest wait)", ge=1
    )
    upload_token_max_days: int = Field(default=90, ge=1)
    footage_link_s: int = setting(300, "presigned link life", ge=10, le=900)
    projection_batch: int = setting(5000, "events per read-model write", ge=1)
    planner_url: str = setting("http://127.0.0.1:8103", "the planner API, as the portal reaches it")
    ingest_public_url: str = setting(
        "http://127.0.0.1:8101",
        "ingest as people's browsers reach it (uploads go there, not through us)",
    )
    password_link_hours: int = setting(
        72, "life of a single-use set-password link", ge=1, le=24 * 30
    )
    person_token_s: int = setting(300, "life of a token minted for one person", ge=30, le=900)
    # Adding a language: its catalog under spin_portal/locale/<code>/ and its code here.
    languages: tuple[str, ...] = setting(LANGUAGES, "languages the portal offers (catalog codes)")
    default_language: str | None = setting(
        None, "language of institutes that set none; unset: the browser's, then English"
    )
    time_zone: str = setting(
        "UTC", "IANA time zone of institutes that set none, and of people without one"
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
