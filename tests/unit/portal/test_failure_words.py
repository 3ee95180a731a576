"""Why footage or clips failed, in the page's language: the transcoder's code and values worded
from the portal's catalog; an event without a code keeps its English words."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from spin_portal.web import i18n
from spin_portal.web.failure_words import failure_words

GAVE_UP = {"code": "gave_up", "stage": "transcode", "attempts": 3, "short_of_disk": False}


@pytest.fixture
def language() -> Iterator[None]:
    before = i18n.current_language()
    yield
    i18n.use_language(before)


@pytest.mark.parametrize(
    ("code", "sentence"),
    [
        (
            "nl",
            "De verwerking is gestopt na 3 pogingen, bij het omzetten van de video. Probeer het "
            "later opnieuw; blijft het mislukken, neem dan met de details contact op met support.",
        ),
        (
            "he",
            "העיבוד נעצר לאחר 3 ניסיונות, בזמן המרת הסרטון. "
            "נסו שוב מאוחר יותר; אם זה ממשיך להיכשל, פנו לתמיכה עם הפרטים.",
        ),
        (
            "en",
            "Processing stopped after 3 attempts while converting the video. Please try again "
            "later; if it keeps failing, contact support with the details.",
        ),
    ],
)
def test_a_given_up_transcode_is_worded_in_the_pages_language(
    language: None, code: str, sentence: str
) -> None:
    i18n.use_language(code)
    assert failure_words(GAVE_UP, "the English words") == sentence


def test_one_attempt_a_short_disk_and_an_unknown_stage(language: None) -> None:
    i18n.use_language("nl")
    words = failure_words(
        {"code": "gave_up", "stage": "thumbnails", "attempts": 1, "short_of_disk": True}, None
    )
    assert words is not None
    assert words.startswith(
        "De verwerking is gestopt na 1 poging, bij het verwerken van de video. "
        "De verwerkingsserver heeft te weinig schijfruimte."
    )


def test_clips_of_footage_not_ready(language: None) -> None:
    i18n.use_language("he")
    failure = {"code": "not_ready", "stage": "clips", "attempts": 1}
    assert (
        failure_words(failure, "x")
        == "עיבוד הצילום עדיין לא הסתיים; בקשו את הקטעים שוב מאוחר יותר."
    )


def test_without_a_code_the_events_english_words_stay(language: None) -> None:
    i18n.use_language("nl")
    assert failure_words(None, "The file is not a video.") == "The file is not a video."
    assert failure_words(None, None) is None
