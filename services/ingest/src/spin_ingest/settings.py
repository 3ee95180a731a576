"""Ingest settings: the shared `SPIN_` variables plus this service's own."""

from typing import ClassVar, Self

from pydantic import AnyHttpUrl, Field, model_validator
from pydantic_settings import SettingsConfigDict
from spincore.settings import ServiceSettings, setting

MIB = 1024 * 1024
GIB = 1024 * MIB
S3_MIN_PART = 5 * MIB
S3_MAX_PARTS = 10_000


class IngestSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="SPIN_", extra="ignore", frozen=True)

    service_name: str = "ingest"
    http_port: int = 8101
    db_schema: str = "ingest"
    # tus bodies are footage, bounded by SPIN_MAX_UPLOAD_BYTES and streamed to object storage.
    UNBOUNDED_BODY_PATHS: ClassVar[tuple[str, ...]] = ("/files",)

    max_upload_bytes: int = setting(20 * GIB, "largest accepted file", gt=0)
    # A part buffer is free again once its bytes are sent, well before object storage
    # answers, so answers are awaited for several parts at a time with two buffers; smaller
    # parts cost ingest and MinIO more CPU per GiB (docs/performance.md, "Settings").
    part_size_bytes: int = setting(
        16 * MIB,
        "S3 multipart part size (5 MiB is the S3 minimum); memory per upload is "
        "two parts (one being received, one being sent)",
        ge=S3_MIN_PART,
        le=5 * GIB,
    )
    parts_in_flight: int = setting(
        3,
        "parts of one upload whose answer from object storage is awaited at the "
        "same time (their bytes are sent already, so they hold no memory)",
        ge=1,
        le=8,
    )
    upload_expiry_hours: float = setting(24.0, "an upload untouched this long is abandoned", gt=0)
    unstarted_upload_expiry_minutes: float = setting(
        10.0,
        "an upload that has received no byte is abandoned this soon (a creation "
        "whose first PATCH failed must not hold one of the site's slots for a day)",
        gt=0,
    )
    expiry_sweep_seconds: float = setting(300.0, "how often abandoned uploads are looked for", gt=0)
    max_concurrent_uploads_per_site: int = setting(
        16, "unfinished uploads one site may have at a time", ge=1
    )
    storage_retry_after_seconds: int = setting(
        30, "Retry-After sent while object storage is unavailable", ge=1
    )
    revoked_tokens_refresh_seconds: float = setting(
        5.0,
        "how long a replica may serve its cached list of revoked upload tokens "
        "(the replica that consumes a revocation applies it at once)",
        gt=0,
    )
    portal_url: AnyHttpUrl = setting(
        AnyHttpUrl("http://127.0.0.1:8104"),
        "the portal, whose pages upload from the browser: its origin is always "
        "allowed (with localhost and 127.0.0.1 taken as one)",
    )
    cors_origins: list[str] = Field(
        default_factory=list, description="further browser origins allowed to upload (Uppy)"
    )

    @model_validator(mode="after")
    def parts_cover_the_largest_file(self) -> Self:
        if -(-self.max_upload_bytes // self.part_size_bytes) > S3_MAX_PARTS:
            raise ValueError(
                "SPIN_PART_SIZE_BYTES is too small for SPIN_MAX_UPLOAD_BYTES "
                f"(S3 allows at most {S3_MAX_PARTS} parts)"
            )
        return self
