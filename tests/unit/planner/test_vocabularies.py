"""Vocabularies per institute: switching vocabularies stores the same canonical ids, and an
institute's names (renames, translations) never change what a moment stores."""

from __future__ import annotations

import pytest
from spin_planner.api.routes.vocabulary import built_in
from spin_planner.domain import vocabulary
from spin_planner.domain.errors import InvalidInput
from spin_planner.domain.vocabularies import (
    ATTUNED,
    NAMEABLE,
    VHT,
    VOCABULARIES,
    canonical_names,
    chosen_vocabulary,
    language_code,
    nameable_tag,
    tag_name,
)


def test_the_vht_vocabulary_offers_its_terms_as_primary_tags_mapped_to_levels() -> None:
    vht = {tag.key: tag for tag in VOCABULARIES[VHT]}
    assert set(vht) == {alias.key for alias in vocabulary.ALIASES}
    assert vht["taking_turns"].canonical == "developing_attuned_interactions"
    assert vht["taking_turns"].level == 4
    assert {tag.level for tag in vht.values()} <= {1, 2, 3, 4, 5, 6}


@pytest.mark.parametrize("name", [ATTUNED, VHT])
def test_every_tag_of_either_vocabulary_stores_what_resolve_gives(name: str) -> None:
    for tag in VOCABULARIES[name]:
        assert vocabulary.resolve(tag.key) == tag.canonical


def test_switching_vocabularies_maps_to_the_same_ids() -> None:
    """The same kind of moment tagged in either vocabulary stores one id."""
    vht = {tag.key: tag.canonical for tag in VOCABULARIES[VHT]}
    attuned = {tag.key: tag.canonical for tag in VOCABULARIES[ATTUNED]}
    assert vht["taking_turns"] == attuned["developing_attuned_interactions"]
    assert vht["naming_with_approval"] == attuned["encouraging_initiatives"]
    assert set(vht.values()) <= set(attuned.values())


def test_renames_do_not_touch_stored_ids() -> None:
    names = {("nl", "receiving_initiatives"): "Initiatieven ontvangen"}
    stored = vocabulary.resolve("receiving_initiatives")
    assert tag_name(stored, "nl", names) == "Initiatieven ontvangen"
    assert vocabulary.resolve("receiving_initiatives") == stored == "receiving_initiatives"


def test_the_institutes_name_then_the_built_in_one() -> None:
    names = {("he", "guiding"): "הנחיה", ("en", "guiding"): "Leading gently"}
    assert tag_name("guiding", "he", names) == "הנחיה"
    assert tag_name("guiding", "en", names) == "Leading gently"
    assert tag_name("guiding", "nl", names) == "Guiding"  # no Dutch name: the built-in one


def test_existing_moments_show_the_current_name_of_their_canonical_id() -> None:
    names = {("en", "developing_attuned_interactions"): "Turn-taking"}
    shown = canonical_names("en", names)
    moment_tag = vocabulary.resolve("taking_turns")  # tagged in the VHT vocabulary
    assert shown[moment_tag] == "Turn-taking"
    assert set(shown) == {tag.canonical for tag in VOCABULARIES[ATTUNED]}


@pytest.mark.parametrize("key", ["", "receiving", "guiding.nonsense", "Taking turns", "x" * 300])
def test_only_tags_of_a_vocabulary_may_be_named(key: str) -> None:
    with pytest.raises(InvalidInput, match="not a tag"):
        nameable_tag(key)


def test_every_vocabulary_tag_may_be_named() -> None:
    assert nameable_tag("taking_turns") is NAMEABLE["taking_turns"]
    assert nameable_tag("guiding.scaffolding").canonical == "guiding.scaffolding"


def test_vocabulary_and_language_are_checked() -> None:
    assert chosen_vocabulary(VHT) == VHT
    with pytest.raises(InvalidInput, match="not a vocabulary"):
        chosen_vocabulary("vht")
    assert language_code("nl-BE") == "nl"
    with pytest.raises(InvalidInput, match="not a language"):
        language_code("dutch!")


def test_the_built_in_names_come_in_dutch_and_hebrew_from_the_planners_catalog() -> None:
    assert tag_name("guiding", "nl", {}, built_in("nl")) == "Begeleiden"
    assert tag_name("taking_turns", "he", {}, built_in("he")) == "חילופי תורות"
    assert tag_name("guiding", "fr", {}, built_in("fr")) == "Guiding"  # no catalog: English
    untranslated = [
        key for key in NAMEABLE if tag_name(key, "nl", {}, built_in("nl")) == NAMEABLE[key].name
    ]
    assert untranslated == []
    # The institute's own name still wins over the built-in translation.
    own = {("nl", "guiding"): "Sturen"}
    assert tag_name("guiding", "nl", own, built_in("nl")) == "Sturen"
