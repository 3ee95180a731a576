"""Planner settings: the shared `SPIN_` variables plus this service's own."""

from pydantic import Field
from pydantic_settings import SettingsConfigDict
from spincore.settings import ServiceSettings


class PlannerSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="SPIN_", extra="ignore", frozen=True)

    service_name: str = "planner"
    http_port: int = 8103
    db_schema: str = "planner"
    http_workers: int = Field(
        default=2, ge=1, le=64, description="HTTP worker processes (the API is CPU-bound)"
    )
    db_pool_size: int = Field(
        default=20, ge=1, le=100, description="per worker: 50 busy clients over two workers"
    )
    db_pre_ping: bool = Field(
        default=False,
        description="off on this hot path: the ping tripled the round trips of a read",
    )
    reel_max_length_s: float = Field(
        default=600.0, gt=0, description="the longest a plan's clips may last together"
    )
