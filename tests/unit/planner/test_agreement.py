"""Cohen's kappa over time slices, checked against an example worked out by hand."""

from __future__ import annotations

import pytest
from spin_contracts.events.coaching import NOT_COMPARABLE_WORDS, NotComparable, not_comparable_words
from spin_planner.domain.agreement import (
    ANY_PRINCIPLE,
    Coded,
    PrincipleAgreement,
    agreement,
    cohen_kappa,
    not_comparable,
    slice_count,
)
from spin_planner.models.coaching import FigureView

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


def test_both_coding_a_principle_throughout_is_not_comparable() -> None:
    whole = [Coded(0.0, 10.0, (RECEIVING,))]
    [figure, anything] = agreement(whole, whole, 10.0)
    assert (figure.kappa, figure.not_comparable) == (None, NotComparable.CODED_THROUGHOUT)
    assert figure.observed == 1.0
    assert figure.overlap == pytest.approx(1.0)
    assert anything.not_comparable is NotComparable.CODED_THROUGHOUT


def test_moments_that_miss_every_slice_middle_are_not_comparable() -> None:
    # 0.1-0.3 s and 2.6-2.9 s reach no slice's midpoint (0.5, 1.5, 2.5, ...).
    [figure, _] = agreement([Coded(0.1, 0.3, (RECEIVING,))], [Coded(2.6, 2.9, (RECEIVING,))], 10.0)
    assert (figure.kappa, figure.not_comparable) == (None, NotComparable.NEVER_CODED)
    assert figure.overlap == 0
    # Shorter slices reach them: one rater now varies, so kappa is a number again.
    [finer, _] = agreement(
        [Coded(0.1, 0.3, (RECEIVING,))], [Coded(2.6, 2.9, (RECEIVING,))], 10.0, 0.1
    )
    assert finer.kappa is not None
    assert finer.not_comparable is None


def test_one_constant_rater_is_comparable() -> None:
    assert not_comparable([True] * 4, [True, True, False, True]) is None
    assert not_comparable([False] * 4, [False] * 4) is NotComparable.NEVER_CODED
    [figure, _] = agreement([Coded(0.0, 10.0, (RECEIVING,))], [Coded(0.0, 5.0, (RECEIVING,))], 10)
    assert figure.kappa == 0  # one rater constant: kappa 0, not undefined
    assert figure.not_comparable is None


def test_every_reason_has_words_and_older_figures_get_the_general_one() -> None:
    assert set(NOT_COMPARABLE_WORDS) == set(NotComparable)
    assert "every slice" in not_comparable_words("coded_throughout")
    assert "undefined" in not_comparable_words(None)


def test_the_planner_answers_the_reason_beside_a_missing_kappa() -> None:
    base = {"principle": RECEIVING, "observed": 1.0, "overlap": None, "slices": 10}
    shown = FigureView.model_validate({**base, "kappa": None, "not_comparable": "never_coded"})
    assert (
        shown.model_dump(mode="json")["not_comparable_reason"]
        == NOT_COMPARABLE_WORDS[NotComparable.NEVER_CODED]
    )
    number = FigureView.model_validate({**base, "kappa": 0.5, "observed": 0.8})
    assert number.model_dump()["not_comparable_reason"] is None
