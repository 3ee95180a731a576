"""Transcode settings: the shared `SPIN_` variables plus this service's own."""

import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field
from pydantic_settings import SettingsConfigDict
from spincore.settings import ServiceSettings, setting

from spin_transcode.domain.erasure import TRAINING_RETENTION_DAYS, ErasurePolicy
from spin_transcode.domain.plan import LadderSettings


class PolicyOverride(BaseModel):
    """An institute's own retention figures; what it leaves out keeps the defaults."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    erase_after_withdrawal_s: int | None = Field(default=None, ge=0)
    raw_retention_days: int | None = Field(default=None, ge=0)
    closed_case_retention_days: int | None = Field(default=None, ge=0)
    erase_after_training_withdrawal_s: int | None = Field(default=None, ge=0)
    training_retention_days: int | None = Field(default=None, ge=0)


def _cores() -> int:
    return os.cpu_count() or 1


class TranscodeSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="SPIN_", extra="ignore", frozen=True)

    service_name: str = "transcode"
    http_port: int = 8102
    db_schema: str = "transcode"

    transcode_workers: int = Field(
        default_factory=_cores,
        ge=1,
        description="worker processes `spin-transcode` runs, one job each (default: one per core)",
    )
    transcode_threads: int = setting(0, "ffmpeg threads per job; 0 = cores / workers", ge=0)
    transcode_ladder: list[int] = Field(
        default=[720, 360], min_length=1, description="rendition short sides, e.g. [720, 360]"
    )
    transcode_max_fps: float = Field(default=30.0, gt=0)
    transcode_preset: str = "veryfast"
    transcode_crf: int = Field(default=23, ge=0, le=51)
    transcode_max_duration_s: float = Field(default=3 * 3600, gt=0)
    transcode_sprite_interval_s: float = Field(default=10.0, gt=0)
    transcode_sprite_tile_width: int = Field(default=160, ge=16)
    transcode_sprite_columns: int = Field(default=10, ge=1)
    transcode_sprite_max_tiles: int = Field(default=400, ge=1)
    transcode_progress_step: int = Field(default=10, ge=1, le=100)
    transcode_max_attempts: int = Field(default=4, ge=1)
    transcode_first_backoff_s: float = Field(default=2.0, ge=0)
    transcode_work_dir: Path | None = setting(
        None, "where temporary files go (default: the system temp dir)"
    )
    transcode_min_free_bytes: int = Field(default=2 * 1024**3, ge=0)
    transcode_disk_factor: float = setting(
        1.5, "free disk needed per byte of source, besides the minimum", gt=0
    )
    transcode_url_expiry_s: int = Field(default=6 * 3600, ge=60)
    transcode_lease_s: float = setting(
        15.0,
        "a job's lease, renewed while it runs; a dead worker's job is "
        "taken over this long after its last renewal",
        gt=0,
    )
    transcode_poll_s: float = setting(0.5, "how often an idle worker looks for a queued job", gt=0)
    transcode_aging: float = setting(
        1.0,
        "queue order: source seconds minus this times seconds waited (shortest "
        "first, and a long job is not starved)",
        ge=0,
    )
    transcode_yield_ratio: float = setting(
        0.5, "a running job pauses for a queued one at most this fraction of its length", ge=0
    )
    transcode_yield_max_s: float = setting(
        300.0, "... and at most this many source seconds long", ge=0
    )
    transcode_long_s: float = setting(
        60.0,
        "footage at least this long that steps aside for shorter jobs runs its "
        "ffmpeg on every core (with transcode_threads 0)",
        ge=0,
    )
    transcode_yield_min_s: float = setting(
        10.0, "footage whose limit would be below this never pauses (0 ratio: never)", ge=0
    )
    transcode_bytes_per_s: float = setting(
        250_000.0, "a source's seconds estimated from its size when ffprobe cannot tell", gt=0
    )
    transcode_footage_from: str = setting(
        "ingest",
        "the producer whose footage.uploaded events are transcoded; others (the "
        "demo's synthetic history, say) are recorded by the portal but never transcoded",
    )
    erase_after_withdrawal_s: int = setting(
        86400, "a withdrawn filming consent: the case's footage goes", ge=0
    )
    raw_retention_days: int = setting(
        30, "days a camera file stays after its renditions verified", ge=0
    )
    closed_case_retention_days: int = setting(
        60, "days a closed case's footage stays after the closing date", ge=0
    )
    erase_after_training_withdrawal_s: int = setting(
        86400, "a withdrawn training consent: its training clips go", ge=0
    )
    training_retention_days: int = setting(
        TRAINING_RETENTION_DAYS, "days a clip marked for training stays at most (five years)", ge=0
    )
    erasure_policies: dict[str, PolicyOverride] = Field(
        default_factory=dict,
        description='per institute id, e.g. {"spin-nl": {"erase_after_withdrawal_s": 0}}',
    )
    erasure_check_s: float = setting(5.0, "how often due erasures run", gt=0)
    erasure_batch: int = setting(
        1000, "footage erased per pass (listed and deleted together)", ge=1
    )
    erasure_first_backoff_s: float = Field(default=5.0, ge=0)
    erasure_max_backoff_s: float = Field(default=3600.0, ge=0)
    erasure_job_wait_s: float = setting(
        600.0, "longest an erasure waits for a transcode of the footage still running", ge=0
    )
    transcode_stop_check_s: float = setting(
        0.5, "how often a running job looks for a withdrawn consent", gt=0
    )
    clip_max_length_s: float = Field(default=600.0, gt=0)
    clip_card_s: float = Field(default=2.5, gt=0)

    def ladder(self) -> LadderSettings:
        return LadderSettings(
            short_sides=self.transcode_ladder,
            max_fps=self.transcode_max_fps,
            sprite_interval_s=self.transcode_sprite_interval_s,
            sprite_tile_width=self.transcode_sprite_tile_width,
            sprite_columns=self.transcode_sprite_columns,
            sprite_max_tiles=self.transcode_sprite_max_tiles,
        )

    def ffmpeg_threads(self, source_s: float = 0.0) -> int:
        """ffmpeg threads for a job over `source_s` seconds of footage. Long footage that steps
        aside for shorter jobs takes every core: it is paused while they run, so it holds none
        from them, and alone it would otherwise leave cores idle for its whole tail. The rest,
        which run beside each other, share the cores among the workers (x264 with more threads
        than its share of cores does less work per core)."""
        if self.transcode_threads:
            return self.transcode_threads
        if source_s >= self.transcode_long_s and self.yield_limit_s(source_s) is not None:
            return _cores()
        return max(1, _cores() // self.transcode_workers)

    def yield_limit_s(self, source_s: float) -> float | None:
        """The longest footage a job over `source_s` seconds steps aside for (None: it is short
        itself)."""
        limit = min(source_s * self.transcode_yield_ratio, self.transcode_yield_max_s)
        return limit if limit >= self.transcode_yield_min_s else None

    def erasure_policy(self, institute_id: str | None) -> ErasurePolicy:
        """The defaults, with the institute's own figures where it has them."""
        base = ErasurePolicy(
            erase_after_withdrawal_s=self.erase_after_withdrawal_s,
            raw_retention_days=self.raw_retention_days,
            closed_case_retention_days=self.closed_case_retention_days,
            erase_after_training_withdrawal_s=self.erase_after_training_withdrawal_s,
            training_retention_days=self.training_retention_days,
        )
        override = self.erasure_policies.get(institute_id or "")
        if override is None:
            return base
        return base.model_copy(update=override.model_dump(exclude_none=True))
