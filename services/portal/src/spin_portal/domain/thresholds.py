"""Indicator thresholds: the defaults of DOMAIN.md section 5, overridable per institute."""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field, ValidationError


class Thresholds(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    f2_min_weekly_minutes: int = Field(60, ge=1, description="direct contact per active week")
    f2_min_week_share: float = Field(0.8, ge=0, le=1, description="share of active weeks")
    f3_target_min_weeks: int = Field(20, ge=1)
    f3_target_max_weeks: int = Field(30, ge=1)
    f3_flag_under_weeks: int = Field(12, ge=1, description="shorter fails without a reason")
    f3_flag_over_weeks: int = Field(40, ge=1, description="longer fails without a reason")
    f4_review_within_days: int = Field(7, ge=1)
    f5_min_strength_share: float = Field(0.8, ge=0, le=1)
    f6_min_linked_share: float = Field(0.9, ge=0, le=1)
    f9_max_days_between_supervisions: int = Field(31, ge=1)
    f9_apprenticeship_months: int = Field(18, ge=1)
    f11_max_upload_hours: int = Field(48, ge=1)

    @classmethod
    def with_overrides(cls, overrides: Mapping[str, float]) -> Thresholds:
        """Defaults with an institute's stored overrides applied (unknown keys are refused)."""
        return cls.model_validate(dict(overrides))


class ThresholdError(ValueError):
    """A threshold override that names no threshold or has an impossible value."""


def validate_override(name: str, value: float) -> None:
    if name not in Thresholds.model_fields:
        known = ", ".join(Thresholds.model_fields)
        raise ThresholdError(f"unknown threshold {name!r}; known thresholds: {known}")
    try:
        Thresholds.model_validate({name: value})
    except ValidationError as error:
        raise ThresholdError(f"{name}={value}: {error.errors()[0]['msg']}") from error
