"""What a feedback plan must be before it is saved or cut (pure rules)."""

from __future__ import annotations

from uuid import uuid4

import pytest
from spin_planner.domain.errors import InvalidInput
from spin_planner.domain.plans import has_moments, reel_fits


def test_a_plan_without_moments_is_refused_in_words() -> None:
    with pytest.raises(InvalidInput, match="at least one moment") as refused:
        has_moments([])
    assert refused.value.field == "moment_ids"
    has_moments([uuid4()])


def test_a_reel_longer_than_the_limit_is_refused_with_both_lengths() -> None:
    with pytest.raises(InvalidInput, match=r"last 10:05 together, longer than the 10:00"):
        reel_fits([(0.0, 300.0), (400.0, 705.0)], 600.0)
    reel_fits([(0.0, 300.0), (400.0, 700.0)], 600.0)
