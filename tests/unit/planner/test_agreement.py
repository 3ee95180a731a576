"""Cohen's kappa over time slices, checked against an example worked out by hand."""

from __future__ import annotations

import pytest
from spin_planner.domain.agreement import (
    ANY_PRINCIPLE,
    Coded,
    PrincipleAgreement,
    agreement,
    cohen_kappa,
    slice_count,
)

RECEIVING, ATTENTIVE = "receiving_initiatives", "being_attentive"
# Ten one-second slices, sampled at 0.5, 1.5, ... 9.5.
APPRENTICE = [Coded(1.0, 4.0, (RECEIVING,)), Coded(7.0, 9.0, (ATTENTIVE,))]  # slices 1-3; 7-8
SUPERVISOR = [Coded(2.0, 5.0, (RECEIVING,)), Coded(7.0, 8.0, (ATTENTIVE,))]  # slices 2-4; 7


def by_principle(slice_s: float = 1.0) -> dict[str, PrincipleAgreement]:
    return {f.principle: f for f in agreement(APPRENTICE, SUPERVISOR, 10.0, slice_s)}


def test_kappa_per_principle_as_worked_out_by_hand() -> None:
    figures = by_principle()
    assert list(figures) == [ATTENTIVE, RECEIVING, ANY_PRINCIPLE]
    receiving = figures[RECEIVING]
    # both 2, neither 6: po 0.8; p 0.3 and 0.3: pe 0.09 + 0.49 = 0.58; (0.8-0.58)/0.42
    assert receiving.kappa == pytest.approx(0.22 / 0.42)
    assert receiving.observed == pytest.approx(0.8)
    assert receiving.overlap == pytest.approx(2 / 4)
    # both 1, neither 8: po 0.9; p 0.2 and 0.1: pe 0.02 + 0.72 = 0.74
    assert figures[ATTENTIVE].kappa == pytest.approx(0.16 / 0.26)
    assert figures[ATTENTIVE].overlap == pytest.approx(1 / 2)
    # any principle: both 3, neither 4: po 0.7; p 0.5 and 0.4: pe 0.5
    assert figures[ANY_PRINCIPLE].kappa == pytest.approx(0.4)
    assert figures[ANY_PRINCIPLE].overlap == pytest.approx(3 / 6)
    assert figures[ANY_PRINCIPLE].slices == 10


def test_elements_and_aliases_count_for_their_level() -> None:
    element = [Coded(1.0, 4.0, ("receiving_initiatives.receiving_with_words",))]
    [figure, _] = agreement(element, [Coded(1.0, 4.0, (RECEIVING,))], 10.0)
    assert figure.principle == RECEIVING
    assert figure.kappa == pytest.approx(1.0)
    assert figure.overlap == pytest.approx(1.0)


def test_the_slice_length_changes_the_sampling_not_the_overlap() -> None:
    half = by_principle(0.5)[RECEIVING]
    assert half.slices == 20
    # both 4 of 20, neither 12: po 0.8; p 0.3 each, as with one-second slices
    assert half.kappa == pytest.approx(0.22 / 0.42)
    assert slice_count(10.2, 1.0) == 11


def test_kappa_is_undefined_when_neither_rater_varies() -> None:
    assert cohen_kappa([False] * 5, [False] * 5) == (None, 1.0)
    kappa, observed = cohen_kappa([True, False], [False, True])
    assert kappa == pytest.approx(-1.0)
    assert observed == 0


def test_a_slice_length_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        agreement(APPRENTICE, SUPERVISOR, 10.0, 0)
