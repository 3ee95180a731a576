"""Values inside an indicator's reason, worded in the reader's language: F11's failure from its
code (the English words for readers without a catalog and for rows from before codes), and
thresholds with their nouns ("within 1 day") where another number counts the sentence."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from spin_portal.domain.apprenticeship import progress
from spin_portal.domain.facts import FootageFact
from spin_portal.domain.indicators import INDICATORS
from spin_portal.domain.reasons import Reason
from spin_portal.domain.thresholds import Thresholds
from spin_portal.web.i18n import use_language
from spin_portal.web.indicator_reasons import reason_text, shown_reason
from spin_portal.web.words import progress_words

from tests.unit.portal.test_indicators import T, at, case, filming, review

STILL = "The file is a still image, not a video."


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    yield
    use_language("en")


def failed_upload(failure: dict[str, object] | None) -> FootageFact:
    return FootageFact(
        "f1", at(0), at(0) + timedelta(hours=2), failed_reason=STILL, failure=failure
    )


def f11(footage: FootageFact) -> Reason:
    return INDICATORS["F11"](case(footage=(footage,)), T)[1]


def test_f11_keeps_the_failures_code_and_values_and_its_english_words() -> None:
    reason = f11(failed_upload({"code": "still_image", "stage": "probe", "attempts": 1}))
    assert reason.params["failure"] == {
        "code": "still_image",
        "stage": "probe",
        "attempts": 1,
        "reason": STILL,
    }
    assert reason.english() == f"1 upload failed processing ({STILL})"
    use_language("nl")
    assert shown_reason(reason) == (
        "1 upload mislukte bij verwerking (Het bestand is een foto, geen video.)"
    )
    use_language("he")
    assert "still image" not in shown_reason(reason)


def test_f11_without_a_code_shows_the_events_english_words() -> None:
    reason = f11(failed_upload(None))
    assert reason.params["failure"] == STILL
    use_language("nl")
    assert STILL in shown_reason(reason)


def test_a_row_from_before_codes_keeps_its_words() -> None:
    use_language("nl")
    stored = reason_text(
        "%(failed)s upload failed processing (%(failure)s)",
        {"failed": 1, "failure": "unreadable file", "uploads": 1, "hours": 48},
        "stored",
        "%(failed)s uploads failed processing (%(failure)s)",
        "failed",
    )
    assert stored.endswith("(unreadable file)")


def f4_one_day() -> Reason:
    facts = case(sessions=(filming(0), review(1)))
    return INDICATORS["F4"](facts, Thresholds(f4_review_within_days=1))[1]


def f2_one_minute() -> Reason:
    facts = case(sessions=(filming(0), filming(7)))
    return INDICATORS["F2"](facts, Thresholds(f2_min_weekly_minutes=1))[1]


@pytest.mark.parametrize(
    ("language", "within", "at_least"),
    [
        ("en", "within 1 day", "at least 1 minute of direct contact"),
        ("nl", "binnen 1 dag", "minstens 1 minuut direct contact"),
        ("he", "בתוך יום אחד", "לפחות דקה אחת של מגע ישיר"),
    ],
)
def test_a_threshold_of_one_reads_in_the_singular(
    language: str, within: str, at_least: str
) -> None:
    use_language(language)
    assert within in shown_reason(f4_one_day())
    assert at_least in shown_reason(f2_one_minute())


def test_english_thresholds_keep_their_wording() -> None:
    assert f4_one_day().english() == (
        "the one filming due was followed by a shared review within 1 day"
    )
    seven = INDICATORS["F4"](case(sessions=(filming(0), review(1))), T)[1]
    assert seven.english().endswith("within 7 days")
    assert f2_one_minute().english().startswith("2 of 2 active weeks had at least 1 minute of ")


def test_an_apprentices_one_day_reads_in_the_singular() -> None:
    started = date(2026, 1, 5)
    today = started + timedelta(days=1)
    words = progress_words(progress(started, [], today))
    assert words.startswith("1 day since the start of the apprenticeship: ")
    assert "next coaching due within 30 days" in words
