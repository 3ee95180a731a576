"""Every failure code the transcoder sends is worded by the portal in English, Dutch and Hebrew,
from the code and its values: no English left in Dutch or Hebrew, a code without its values
(or one newer than the portal) keeping the event's English words."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from spin_contracts.events.failures import FailureCode, SegmentFault
from spin_portal.web import i18n
from spin_portal.web.failure_words import failure_words

ENGLISH_WORDS = re.compile(
    r"\b(the|and|not|has|its|please|cannot|could|after|while|before|ends|starts|file)\b", re.I
)
PROBLEMS = [
    {"clip": n, "start_s": 75.0, "end_s": 82.5, "fault": fault.value}
    for n, fault in enumerate(SegmentFault, start=1)
]
# A failure of each code as footage.failed or clip.failed carries it (its values).
SAMPLES: dict[str, dict[str, Any]] = {
    "gave_up": {"stage": "transcode", "attempts": 3, "short_of_disk": True},
    "not_ready": {"stage": "clips", "attempts": 4},
    "not_a_video": {"stage": "probe"},
    "sound_only": {"stage": "probe"},
    "still_image": {"stage": "probe"},
    "text_document": {"stage": "probe"},
    "incomplete": {"stage": "probe"},
    "damaged": {"stage": "probe"},
    "undecodable": {"stage": "probe"},
    "empty": {"stage": "probe"},
    "no_size": {"stage": "probe"},
    "too_long": {"stage": "probe", "duration_s": 4513.4, "limit_s": 3600.0},
    "source_missing": {"stage": "source"},
    "consent_withdrawn": {"stage": "consent"},
    "footage_failed": {"stage": "clips"},
    "segments_refused": {
        "stage": "clips",
        "duration_s": 80.0,
        "limit_s": 600.0,
        "problems": PROBLEMS,
    },
}
THE_EVENTS_WORDS = "the event's own English words"


@pytest.fixture(autouse=True)
def language() -> Iterator[None]:
    before = i18n.current_language()
    yield
    i18n.use_language(before)


def worded(code: str, language: str, **values: Any) -> str | None:
    i18n.use_language(language)
    failure = {"code": code, "attempts": 1, **SAMPLES[code], **values}
    return failure_words(failure, THE_EVENTS_WORDS)


def test_every_code_has_a_sample() -> None:
    assert set(SAMPLES) == {code.value for code in FailureCode}


@pytest.mark.parametrize("code", sorted(SAMPLES))
@pytest.mark.parametrize("language", ["en", "nl", "he"])
def test_every_code_is_worded_in_every_language(code: str, language: str) -> None:
    words = worded(code, language)
    assert words
    assert words != THE_EVENTS_WORDS
    if language == "en":
        return
    english = worded(code, "en")
    assert english
    for sentence in re.split(r"(?<=\.) ", english):
        assert sentence not in words, (language, sentence)
    if language == "nl":
        assert not ENGLISH_WORDS.search(words), words
    if language == "he":
        assert not re.search(r"[A-Za-z]{2,}", words), words


def test_the_clips_of_a_withdrawn_consent_are_worded_as_clips() -> None:
    footage = worded("consent_withdrawn", "en")
    clips = worded("consent_withdrawn", "en", stage="clips")
    assert footage
    assert "footage is no longer processed" in footage
    assert clips
    assert "no clips are cut" in clips


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        (
            "en",
            "The video is too long (1:15:13); the limit is 1:00:00. "
            "Please trim it and upload it again.",
        ),
        (
            "nl",
            "De video is te lang (1:15:13); de grens is 1:00:00. "
            "Kort hem in en upload hem opnieuw.",
        ),
        (
            "he",
            "הסרטון ארוך מדי (1:15:13); המגבלה היא 1:00:00. נא לקצר אותו ולהעלות אותו שוב.",
        ),
    ],
)
def test_too_long_says_how_long_and_the_limit(language: str, sentence: str) -> None:
    assert worded("too_long", language) == sentence


def test_each_segment_problem_is_its_own_sentence_with_the_clips_times() -> None:
    assert worded("segments_refused", "en") == (
        "Clip 1 (1:15.00-1:22.50) repeats the id of an earlier clip. "
        "Clip 2 (1:15.00-1:22.50) ends before it starts. "
        "Clip 3 (1:15.00-1:22.50) is longer than the 10:00.00 allowed. "
        "Clip 4 (1:15.00-1:22.50) ends after the footage does (1:20.00)."
    )
    dutch = worded("segments_refused", "nl")
    assert dutch
    assert dutch.startswith("Fragment 1 (1:15,00-1:22,50) ")


@pytest.mark.parametrize(
    "failure",
    [
        {"code": "too_long", "stage": "probe", "attempts": 1},  # without its values
        {"code": "segments_refused", "stage": "clips", "attempts": 1},
        {"code": "segments_refused", "problems": [{"clip": 1, "fault": "new_fault"}]},
        {"code": "a_code_from_a_newer_transcoder", "stage": "probe", "attempts": 1},
    ],
)
def test_what_cannot_be_worded_keeps_the_events_english(failure: dict[str, Any]) -> None:
    i18n.use_language("he")
    assert failure_words(failure, THE_EVENTS_WORDS) == THE_EVENTS_WORDS
