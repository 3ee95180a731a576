"""Reasons worded by a number: English picks the singular for exactly one (ngettext's rule), the
page's language picks its own form with the count formatted the locale's way, the catalogs hold
each counted reason as one plural entry, and rows from before plurals show their one template."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from spin_portal.domain.facts import ConsentFact, FootageFact
from spin_portal.domain.indicators import INDICATORS, LASTED_EXPLAINED
from spin_portal.domain.reasons import Reason
from spin_portal.web.i18n import use_language
from spin_portal.web.indicator_reasons import reason_text, shown_reason

from tests.unit.portal.test_indicators import OPENED, STRONG, T, at, case, filming, review

POT = Path(__file__).resolve().parents[3] / "services/portal/src/spin_portal/locale/messages.pot"


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    yield
    use_language("en")


def upload(day: int) -> FootageFact:
    return FootageFact(f"f{day}", at(day), at(day) + timedelta(hours=2))


def consented(*days: int) -> object:
    return case(footage=tuple(upload(d) for d in days), consents=(ConsentFact("filming", at(-1)),))


# (indicator, facts with a count of one, its English, facts with two, their English)
COUNTED = [
    (
        "F8",
        case(sessions=(review(1),)),
        "homework agreed at the one shared review",
        case(sessions=(review(1), review(8))),
        "homework agreed at all 2 shared reviews",
    ),
    (
        "F7",
        case(sessions=(filming(1),)),
        "children present at the one filming",
        case(sessions=(filming(1), filming(8))),
        "children present at all 2 filmings",
    ),
    (
        "F5",
        case(sessions=(review(1, clips=(STRONG,)),)),
        "1 of 1 clip shown was a strength moment (100%; needed 80%)",
        case(sessions=(review(1, clips=(STRONG, STRONG)),)),
        "2 of 2 clips shown were strength moments (100%; needed 80%)",
    ),
    (
        "F4",
        case(sessions=(filming(1), review(3))),
        "the one filming due was followed by a shared review within 7 days",
        case(sessions=(filming(1), review(3), filming(8), review(10))),
        "all 2 filmings were followed by a shared review within 7 days",
    ),
    (
        "F3",
        case(closed_on=OPENED + timedelta(weeks=1), close_reason="moved_away"),
        "lasted 1 week, explained by the close reason 'moved_away'",
        case(closed_on=OPENED + timedelta(weeks=2), close_reason="moved_away"),
        "lasted 2 weeks, explained by the close reason 'moved_away'",
    ),
    (
        "F2",
        case(sessions=(filming(1),)),
        "1 of 1 active week had at least 60 minutes of direct contact (100%; needed 80%)",
        case(sessions=(filming(1), filming(8))),
        "2 of 2 active weeks had at least 60 minutes of direct contact (100%; needed 80%)",
    ),
    (
        "F10",
        consented(0),
        "a valid filming consent covered the one upload",
        consented(0, 7),
        "a valid filming consent covered all 2 uploads",
    ),
    (
        "F11",
        consented(0),
        "the one upload arrived within 48 hours and did not fail",
        consented(0, 7),
        "all 2 uploads arrived within 48 hours and none failed",
    ),
]


def reason(indicator: str, facts: object) -> Reason:
    return INDICATORS[indicator](facts, T)[1]  # type: ignore[arg-type]


@pytest.mark.parametrize(("indicator", "one", "singular", "two", "plural"), COUNTED)
def test_english_says_one_in_the_singular(
    indicator: str, one: object, singular: str, two: object, plural: str
) -> None:
    assert reason(indicator, one).english() == singular
    assert reason(indicator, two).english() == plural


@pytest.mark.parametrize(("indicator", "one", "singular", "two", "plural"), COUNTED)
def test_each_counted_reason_is_one_plural_entry_of_the_catalog(
    indicator: str, one: object, singular: str, two: object, plural: str
) -> None:
    with POT.open("rb") as source:
        plurals = {m.id for m in read_po(source) if isinstance(m.id, tuple)}
    counted = reason(indicator, one)
    assert (counted.template, counted.plural) in plurals
    assert counted.count_key in counted.params


def test_a_count_must_be_a_whole_number_parameter() -> None:
    with pytest.raises(ValueError, match="whole number"):
        Reason.counted(LASTED_EXPLAINED, "weeks", {"reason_code": "moved_away"})
    with pytest.raises(ValueError, match="both"):
        Reason("lasted %(weeks)s weeks", {"weeks": 3}, plural="lasted %(weeks)s weeks")


def test_dutch_forms_by_the_count() -> None:
    assert shown_reason(reason("F8", COUNTED[0][1])) == COUNTED[0][2]  # English: as stored
    use_language("nl")
    assert shown_reason(reason("F8", COUNTED[0][1])) == (
        "huiswerk afgesproken bij het enige terugkijkgesprek"
    )
    assert shown_reason(reason("F8", COUNTED[0][3])) == (
        "huiswerk afgesproken bij alle 2 terugkijkgesprekken"
    )
    assert shown_reason(reason("F2", COUNTED[5][1])).startswith("1 van 1 actieve week had ")


def test_hebrew_forms_by_the_count() -> None:
    use_language("he")
    assert shown_reason(reason("F3", COUNTED[4][1])).startswith("נמשך שבוע אחד, ")
    assert shown_reason(reason("F3", COUNTED[4][3])).startswith("נמשך 2 שבועות, ")
    assert shown_reason(reason("F7", COUNTED[1][1])) == "ילדים נכחו בצילום היחיד"


def test_the_count_is_formatted_by_the_locale() -> None:
    long_case = Reason.counted(LASTED_EXPLAINED, "weeks", {"weeks": 1500, "reason_code": "other"})
    use_language("nl")
    assert shown_reason(long_case).startswith("duurde 1.500 weken, ")
    use_language("en")
    assert shown_reason(long_case).startswith("lasted 1,500 weeks, ")


def test_a_row_from_before_plurals_shows_its_one_template() -> None:
    """Stored before 0011 (no plural, no count key): its template as it was, filled in."""
    use_language("nl")
    old = "homework agreed at all %(reviews)s shared reviews"
    assert reason_text(old, {"reviews": 3}, "stored", None, None) == (
        "homework agreed at all 3 shared reviews"
    )
