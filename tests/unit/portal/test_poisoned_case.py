"""A case whose facts break an indicator is logged and skipped: the others still refresh."""

from __future__ import annotations

from datetime import date

import pytest
from spin_portal.adapters import refresher
from spin_portal.domain.facts import CaseFacts
from spin_portal.domain.indicators import IndicatorResult
from spin_portal.domain.thresholds import Thresholds


def test_a_case_that_breaks_an_indicator_gives_none(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(_facts: CaseFacts, _t: Thresholds) -> list[IndicatorResult]:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(refresher, "evaluate", broken)
    facts = CaseFacts(case_code="C-001", opened_on=date(2026, 1, 5))
    assert refresher._evaluated(facts, Thresholds()) is None


def test_a_sound_case_gives_its_eleven_indicators() -> None:
    facts = CaseFacts(case_code="C-001", opened_on=date(2026, 1, 5))
    results = refresher._evaluated(facts, Thresholds())
    assert results is not None
    assert [r.indicator for r in results] == [f"F{n}" for n in range(1, 12)]
