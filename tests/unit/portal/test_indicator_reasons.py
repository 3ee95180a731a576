"""An indicator's reason is one translated sentence with its numbers, shares and days in the
reader's format; rows from before templates show their stored English text."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from spin_portal.domain.facts import CaseFacts, SessionFact
from spin_portal.domain.indicators import LASTED_EXPLAINED, evaluate
from spin_portal.domain.outcomes import Nn_
from spin_portal.domain.reasons import Reason, days
from spin_portal.domain.thresholds import Thresholds
from spin_portal.web.i18n import use_language
from spin_portal.web.indicator_reasons import reason_text, shown_reason

WEEKLY = Reason.counted(
    Nn_(
        "%(enough)s of %(weeks)s active week had at least %(weekly_minutes)s of direct "
        "contact (%(week_share)s; needed %(needed_share)s)",
        "%(enough)s of %(weeks)s active weeks had at least %(weekly_minutes)s of direct "
        "contact (%(week_share)s; needed %(needed_share)s)",
    ),
    "weeks",
    {"enough": 2, "weeks": 4, "weekly_minutes": 60, "week_share": 0.5, "needed_share": 0.8},
)


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    yield
    use_language("en")


def shown(reason: Reason) -> str:
    return shown_reason(reason)


def test_english_keeps_the_stored_wording() -> None:
    assert WEEKLY.english() == (
        "2 of 4 active weeks had at least 60 minutes of direct contact (50%; needed 80%)"
    )
    assert Reason("no contact recorded yet").english() == "no contact recorded yet"


def test_dutch_reason_with_percentages_and_days() -> None:
    use_language("nl")
    assert shown(WEEKLY) == (
        "2 van 4 actieve weken hadden minstens 60 minuten direct contact (50%; nodig 80%)"
    )
    filmed = Reason.counted(
        Nn_(
            "children not recorded as present at the one filming (%(filmed_on)s)",
            "children not recorded as present at %(absent)s of %(filmings)s filmings "
            "(%(filmed_on)s)",
        ),
        "filmings",
        {"absent": 2, "filmings": 3, "filmed_on": days([date(2026, 1, 12), date(2026, 3, 2)])},
    )
    assert shown(filmed) == (
        "kinderen niet als aanwezig vastgelegd bij 2 van 3 opnames (12 jan 2026, 2 mrt 2026)"
    )


def test_hebrew_close_reason_by_its_word() -> None:
    use_language("he")
    closed = Reason.counted(LASTED_EXPLAINED, "weeks", {"weeks": 6, "reason_code": "moved_away"})
    assert "moved" not in shown(closed)
    assert shown(closed).startswith("נמשך 6 שבועות")


def test_a_row_without_template_shows_its_stored_text() -> None:
    use_language("nl")
    assert reason_text(None, None, "lasted 25 weeks") == "lasted 25 weeks"


def test_every_reason_of_a_case_is_translated() -> None:
    use_language("nl")
    opened = date(2026, 1, 5)
    filming = SessionFact("filming", datetime(2026, 1, 6, tzinfo=UTC), 60, children_present=None)
    facts = CaseFacts(case_code="C-001", opened_on=opened, sessions=(filming,))
    for result in evaluate(facts, Thresholds()):
        assert shown(result.reason) != result.reason.english(), result.indicator
