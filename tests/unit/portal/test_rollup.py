from __future__ import annotations

import pytest
from spin_portal.domain.rollup import Tally, composite_index, sum_tallies
from spin_portal.domain.thresholds import ThresholdError, Thresholds, validate_override


def test_pass_rate_is_none_without_applicable_cases() -> None:
    assert Tally().pass_rate is None
    assert Tally(4, 3).pass_rate == 0.75


def test_composite_is_the_mean_of_applicable_indicators_only() -> None:
    tallies = {"F1": Tally(4, 4), "F2": Tally(2, 1), "F3": Tally(0, 0)}
    assert composite_index(tallies) == pytest.approx(0.75)
    assert composite_index({"F3": Tally()}) is None


def test_sum_tallies_adds_per_indicator() -> None:
    totals = sum_tallies([("F1", 2, 1), ("F1", 3, 3), ("F2", 1, 0)])
    assert totals == {"F1": Tally(5, 4), "F2": Tally(1, 0)}


def test_threshold_overrides() -> None:
    assert Thresholds.with_overrides({"f4_review_within_days": 10}).f4_review_within_days == 10
    with pytest.raises(ThresholdError, match="unknown threshold 'f99'"):
        validate_override("f99", 1)
    with pytest.raises(ThresholdError, match="f5_min_strength_share=2"):
        validate_override("f5_min_strength_share", 2)
