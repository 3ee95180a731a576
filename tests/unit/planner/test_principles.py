"""The principle vocabulary: levels, elements and VHT aliases."""

from __future__ import annotations

import pytest
from spin_planner.domain.errors import InvalidInput
from spin_planner.domain.principles import canonical_tags
from spin_planner.domain.vocabulary import ALIASES, LEVELS, level_of, resolve


def test_six_levels_with_five_elements_each() -> None:
    assert [level.number for level in LEVELS] == [1, 2, 3, 4, 5, 6]
    assert all(len(level.elements) == 5 for level in LEVELS)
    assert LEVELS[2].key == "receiving_initiatives"


@pytest.mark.parametrize(
    ("tag", "canonical"),
    [
        ("guiding", "guiding"),
        ("Being attentive", "being_attentive"),
        (
            "receiving_initiatives.repeating the other's words",
            "receiving_initiatives.repeating_the_others_words",
        ),
        ("Naming with approval", "encouraging_initiatives"),
        ("taking-turns", "developing_attuned_interactions"),
        ("SHARING PLEASANT MOMENTS", "being_attentive"),
    ],
)
def test_tags_resolve_to_their_canonical_form(tag: str, canonical: str) -> None:
    assert resolve(tag) == canonical


def test_every_alias_names_a_level() -> None:
    levels = {level.key for level in LEVELS}
    assert len(ALIASES) == 8
    assert all(alias.level in levels for alias in ALIASES)
    assert level_of("taking_the_lead").number == 5


def test_tags_are_resolved_once_each_in_order() -> None:
    tags = canonical_tags(["Taking turns", "guiding", "developing_attuned_interactions"], field="p")
    assert tags == ["developing_attuned_interactions", "guiding"]


def test_unknown_tags_are_refused_with_the_field() -> None:
    with pytest.raises(InvalidInput, match="'telepathy' is not a principle") as refused:
        canonical_tags(["guiding", "telepathy"], field="principles")
    assert refused.value.field == "principles"
    with pytest.raises(InvalidInput):
        canonical_tags(["guiding.telepathy"], field="principles")
