"""Ingest settings: the shared `SPIN_` variables plus this service's own."""

from typing import Self

from pydantic import Field, model_validator
from pydantic_settings import SettingsConfigDict
from spincore.settings import ServiceSettings

MIB = 1024 * 1024
GIB = 1024 * MIB
S3_MIN_PART = 5 * MIB
S3_MAX_PARTS = 10_000


class IngestSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="SPIN_", extra="ignore", frozen=True)

    service_name: str = "ingest"
    http_port: int = 8101
    db_schema: str = "ingest"

    max_upload_bytes: int = Field(default=20 * GIB, gt=0, description="largest accepted file")
    # Measured with bench/ingest.py (1 GiB, 3 alternating rounds, busy machine; idle RSS
    # 108 MiB): 8 MiB x 3 in flight ingest/direct 0.86-0.87 at a peak of idle + 33 MiB; 8 MiB
    # x 2 0.68-0.77 at idle + 25; 8 MiB x 4 0.82 at idle + 48; 12 MiB x 2 0.81 at idle + 37.
    # A part's PUT waits mostly on object storage; three at once hide that (the direct minio
    # put also stores three at once).
    part_size_bytes: int = Field(
        default=8 * MIB,
        ge=S3_MIN_PART,
        le=5 * GIB,
        description="S3 multipart part size (5 MiB is the S3 minimum); memory per upload is "
        "(parts_in_flight + 1) parts",
    )
    parts_in_flight: int = Field(
        default=3,
        ge=1,
        le=8,
        description="parts of one upload being stored at the same time (each holds a part in "
        "memory while it is; one more part fills meanwhile)",
    )
    upload_expiry_hours: float = Field(
        default=24.0, gt=0, description="an upload untouched this long is abandoned"
    )
    expiry_sweep_seconds: float = Field(
        default=300.0, gt=0, description="how often abandoned uploads are looked for"
    )
    max_concurrent_uploads_per_site: int = Field(
        default=16, ge=1, description="unfinished uploads one site may have at a time"
    )
    storage_retry_after_seconds: int = Field(
        default=30, ge=1, description="Retry-After sent while object storage is unavailable"
    )
    revoked_tokens_refresh_seconds: float = Field(
        default=5.0,
        gt=0,
        description="how long a replica may serve its cached list of revoked upload tokens "
        "(the replica that consumes a revocation applies it at once)",
    )
    cors_origins: list[str] = Field(
        default_factory=list, description="browser origins allowed to upload (Uppy)"
    )

    @model_validator(mode="after")
    def parts_cover_the_largest_file(self) -> Self:
        if -(-self.max_upload_bytes // self.part_size_bytes) > S3_MAX_PARTS:
            raise ValueError(
                "SPIN_PART_SIZE_BYTES is too small for SPIN_MAX_UPLOAD_BYTES "
                f"(S3 allows at most {S3_MAX_PARTS} parts)"
            )
        return self
