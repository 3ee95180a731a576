"""The reels' title cards in the language the plan's clips were asked for."""

from __future__ import annotations

from spin_transcode.service.clips import card_words


def test_title_cards_speak_the_reels_language() -> None:
    assert card_words("en", 1) == "Clip 1"
    assert card_words("nl", 2) == "Fragment 2"
    assert card_words("he", 3) == "קטע 3"


def test_an_unknown_language_gets_english_cards() -> None:
    assert card_words("fr", 4) == "Clip 4"
