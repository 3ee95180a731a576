"""The practitioner page's kappa cell: a number, or "not comparable" with the reason."""

from __future__ import annotations

from spin_contracts.events.coaching import NOT_COMPARABLE_WORDS, NotComparable
from spin_portal.web.agreement_view import kappa_words


def test_a_kappa_shows_to_two_places() -> None:
    assert kappa_words({"kappa": 0.52381}) == "0.52"
    assert kappa_words({"kappa": 0}) == "0.00"


def test_an_undefined_kappa_says_why() -> None:
    shown = kappa_words({"kappa": None, "not_comparable": "coded_throughout"})
    assert shown == f"not comparable: {NOT_COMPARABLE_WORDS[NotComparable.CODED_THROUGHOUT]}"
    assert "nan" not in shown.lower()


def test_a_figure_recorded_before_the_reasons_still_says_not_comparable() -> None:
    assert kappa_words({"kappa": None}).startswith("not comparable: neither coding varied")
