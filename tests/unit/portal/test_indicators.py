"""Each indicator's pass, fail and not-applicable outcome, with the reason shown to people."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from spin_portal.domain.facts import (
    CaseFacts,
    ConsentFact,
    FootageFact,
    SessionFact,
    ShownClipFact,
)
from spin_portal.domain.indicators import INDICATORS, evaluate
from spin_portal.domain.outcomes import Outcome
from spin_portal.domain.thresholds import Thresholds

T = Thresholds()
OPENED = date(2026, 1, 5)


def at(day: int, hour: int = 10) -> datetime:
    """A moment `day` days after the case opened."""
    return datetime(2026, 1, 5, hour, tzinfo=UTC) + timedelta(days=day)


def filming(day: int, children: bool | None = True, minutes: int = 60) -> SessionFact:
    return SessionFact("filming", at(day), minutes, children_present=children)


def review(
    day: int, homework: bool | None = True, clips: tuple[ShownClipFact, ...] = (), minutes: int = 60
) -> SessionFact:
    return SessionFact(
        "shared_review", at(day), minutes, homework_agreed=homework, clips_shown=clips
    )


STRONG = ShownClipFact(strength=True, linked_to_helping_question=True)
WEAK = ShownClipFact(strength=False, linked_to_helping_question=False)


def case(**changes: object) -> CaseFacts:
    base = CaseFacts(case_code="C-001", opened_on=OPENED)
    return replace(base, **changes)  # type: ignore[arg-type]


def check(indicator: str, facts: CaseFacts, thresholds: Thresholds = T) -> tuple[Outcome, str]:
    """The outcome and the reason as the read model's English text keeps it."""
    outcome, reason = INDICATORS[indicator](facts, thresholds)
    return outcome, reason.english()


class TestF1HelpingQuestionFirst:
    def test_passes_when_a_question_precedes_the_first_filming(self) -> None:
        outcome, reason = check("F1", case(helping_questions_at=(at(0),), sessions=(filming(3),)))
        assert outcome is Outcome.PASS
        assert "before the first filming 2026-01-08" in reason

    def test_fails_when_the_question_came_after_filming(self) -> None:
        outcome, reason = check("F1", case(helping_questions_at=(at(5),), sessions=(filming(3),)))
        assert outcome is Outcome.FAIL
        assert reason == "no helping question recorded before the first filming on 2026-01-08"

    def test_not_applicable_without_filming(self) -> None:
        assert check("F1", case())[0] is Outcome.NOT_APPLICABLE


class TestF2WeeklyIntensity:
    def test_passes_with_an_hour_every_week(self) -> None:
        sessions = tuple(filming(7 * w) for w in range(5))
        outcome, reason = check("F2", case(sessions=sessions))
        assert outcome is Outcome.PASS
        assert reason.startswith("5 of 5 active weeks")

    def test_fails_when_too_many_weeks_are_short(self) -> None:
        sessions = (filming(0), filming(7, minutes=30), filming(14, minutes=30), filming(21))
        outcome, reason = check("F2", case(sessions=sessions))
        assert outcome is Outcome.FAIL
        assert "2 of 4 active weeks" in reason
        assert "needed 80%" in reason

    def test_minutes_of_one_week_add_up(self) -> None:
        sessions = (filming(0, minutes=30), review(2, minutes=30))
        assert check("F2", case(sessions=sessions))[0] is Outcome.PASS

    def test_threshold_is_per_institute(self) -> None:
        sessions = (filming(0, minutes=45),)
        assert check("F2", case(sessions=sessions))[0] is Outcome.FAIL
        lenient = Thresholds(f2_min_weekly_minutes=45)
        assert check("F2", case(sessions=sessions), lenient)[0] is Outcome.PASS

    def test_not_applicable_without_contact(self) -> None:
        assert check("F2", case())[0] is Outcome.NOT_APPLICABLE

    def test_a_session_the_utc_evening_before_the_opening_counts_in_week_one(self) -> None:
        """00:30 in Jerusalem on the opening day is 22:30 UTC the day before."""
        sessions = (SessionFact("filming", at(-1, 22), 60),)
        outcome, reason = check("F2", case(sessions=sessions))
        assert outcome is Outcome.PASS
        assert reason.startswith("1 of 1 active week had")


class TestF3Duration:
    def closed(self, weeks: int, reason: str = "completed") -> CaseFacts:
        return case(closed_on=OPENED + timedelta(weeks=weeks), close_reason=reason)

    def test_passes_within_20_to_30_weeks(self) -> None:
        outcome, reason = check("F3", self.closed(25))
        assert outcome is Outcome.PASS
        assert reason == "lasted 25 weeks, within the usual 20-30"

    def test_passes_within_tolerance(self) -> None:
        outcome, reason = check("F3", self.closed(14))
        assert outcome is Outcome.PASS
        assert "within the 12-40 tolerance" in reason

    @pytest.mark.parametrize(("weeks", "side"), [(8, "under 12"), (45, "over 40")])
    def test_fails_far_outside_without_reason(self, weeks: int, side: str) -> None:
        outcome, reason = check("F3", self.closed(weeks))
        assert outcome is Outcome.FAIL
        assert side in reason
        assert "without a recorded reason" in reason

    def test_a_recorded_reason_explains_an_early_end(self) -> None:
        outcome, reason = check("F3", self.closed(6, reason="family_moved"))
        assert outcome is Outcome.PASS
        assert "family_moved" in reason

    def test_not_applicable_while_open(self) -> None:
        assert check("F3", case()) == (Outcome.NOT_APPLICABLE, "the case is still open")


class TestF4ReviewFollowsFilming:
    def test_passes_when_each_filming_is_reviewed_within_a_week(self) -> None:
        facts = case(sessions=(filming(0), review(6), filming(14), review(15)))
        outcome, reason = check("F4", facts)
        assert outcome is Outcome.PASS
        assert reason == "all 2 filmings were followed by a shared review within 7 days"

    def test_fails_when_a_review_comes_late(self) -> None:
        facts = case(sessions=(filming(0), review(9), filming(14), review(15)))
        outcome, reason = check("F4", facts)
        assert outcome is Outcome.FAIL
        assert "1 of 2 filmings" in reason
        assert "2026-01-05" in reason

    def test_a_recent_filming_of_an_open_case_is_not_yet_due(self) -> None:
        assert check("F4", case(sessions=(filming(0),)))[0] is Outcome.NOT_APPLICABLE

    def test_an_unreviewed_filming_of_a_closed_case_fails(self) -> None:
        facts = case(sessions=(filming(0),), closed_on=OPENED + timedelta(days=3))
        assert check("F4", facts)[0] is Outcome.FAIL


class TestF5F6ShownClips:
    def test_strengths_pass_at_80_percent(self) -> None:
        clips = (STRONG,) * 4 + (WEAK,)
        outcome, reason = check("F5", case(sessions=(review(1, clips=clips),)))
        assert outcome is Outcome.PASS
        assert reason.startswith("4 of 5 clips shown were strength moments (80%")

    def test_strengths_fail_below(self) -> None:
        clips = (STRONG, WEAK)
        assert check("F5", case(sessions=(review(1, clips=clips),)))[0] is Outcome.FAIL

    def test_links_need_90_percent(self) -> None:
        clips = (STRONG,) * 4 + (WEAK,)
        outcome, reason = check("F6", case(sessions=(review(1, clips=clips),)))
        assert outcome is Outcome.FAIL
        assert "4 of 5 clips shown were linked to a helping question" in reason

    def test_links_pass(self) -> None:
        assert check("F6", case(sessions=(review(1, clips=(STRONG,)),)))[0] is Outcome.PASS

    @pytest.mark.parametrize("indicator", ["F5", "F6"])
    def test_not_applicable_without_shown_clips(self, indicator: str) -> None:
        assert check(indicator, case(sessions=(review(1),)))[0] is Outcome.NOT_APPLICABLE


class TestF7F8:
    def test_children_present_everywhere_passes(self) -> None:
        assert check("F7", case(sessions=(filming(0), filming(7))))[0] is Outcome.PASS

    def test_children_unrecorded_fails(self) -> None:
        outcome, reason = check("F7", case(sessions=(filming(0), filming(7, children=None))))
        assert outcome is Outcome.FAIL
        assert reason == "children not recorded as present at 1 of 2 filmings (2026-01-12)"

    def test_f7_not_applicable_without_filming(self) -> None:
        assert check("F7", case())[0] is Outcome.NOT_APPLICABLE

    def test_homework_at_every_review_passes(self) -> None:
        assert check("F8", case(sessions=(review(1), review(8))))[0] is Outcome.PASS

    def test_missing_homework_fails(self) -> None:
        outcome, reason = check("F8", case(sessions=(review(1), review(8, homework=False))))
        assert outcome is Outcome.FAIL
        assert "no homework recorded at 1 of 2 shared reviews" in reason

    def test_f8_not_applicable_without_review(self) -> None:
        assert check("F8", case())[0] is Outcome.NOT_APPLICABLE


class TestF9PractitionerCoached:
    started = date(2025, 12, 1)

    def apprentice(self, *supervised: date) -> CaseFacts:
        return case(
            apprenticeship_started_on=self.started,
            supervisions_on=supervised,
            sessions=(filming(0), filming(60)),
        )

    def test_monthly_supervision_passes(self) -> None:
        dates = tuple(self.started + timedelta(days=30 * n) for n in range(1, 4))
        outcome, reason = check("F9", self.apprentice(*dates))
        assert outcome is Outcome.PASS
        assert "at least every 31 days" in reason

    def test_a_gap_fails_with_its_dates(self) -> None:
        outcome, reason = check("F9", self.apprentice(date(2025, 12, 20)))
        assert outcome is Outcome.FAIL
        assert "days without supervision (2025-12-20 to 2026-03-06" in reason

    def test_not_applicable_for_qualified_practitioners(self) -> None:
        outcome, reason = check("F9", case(sessions=(filming(0),)))
        assert (outcome, reason) == (
            Outcome.NOT_APPLICABLE,
            "the practitioner is not an apprentice",
        )

    def test_not_applicable_after_the_apprenticeship(self) -> None:
        facts = replace(self.apprentice(), apprenticeship_started_on=date(2023, 1, 1))
        assert check("F9", facts)[0] is Outcome.NOT_APPLICABLE

    def test_a_case_whose_only_session_is_the_utc_evening_before_its_opening_day(self) -> None:
        """East of UTC a case opened and filmed just after midnight has its session on the day
        before in UTC: the case still falls in the apprenticeship from its opening day."""
        facts = case(
            apprenticeship_started_on=OPENED - timedelta(days=20),
            supervisions_on=(OPENED - timedelta(days=1),),
            sessions=(SessionFact("filming", at(-1, 22), 45),),
        )
        assert check("F9", facts)[0] is Outcome.PASS


class TestF10F11Footage:
    def upload(self, hours_late: int = 2, failed: str | None = None) -> FootageFact:
        return FootageFact("f1", at(0), at(0) + timedelta(hours=hours_late), failed_reason=failed)

    def test_consent_before_upload_passes(self) -> None:
        consent = ConsentFact("filming", granted_at=at(-1))
        facts = case(footage=(self.upload(),), consents=(consent,))
        assert check("F10", facts)[0] is Outcome.PASS

    def test_withdrawn_or_wrong_purpose_consent_fails(self) -> None:
        consents = (
            ConsentFact("filming", granted_at=at(-3), withdrawn_at=at(-1)),
            ConsentFact("training", granted_at=at(-3)),
        )
        outcome, reason = check("F10", case(footage=(self.upload(),), consents=consents))
        assert outcome is Outcome.FAIL
        assert reason == "the one upload had no valid filming consent at upload time"

    def test_expired_consent_fails(self) -> None:
        consent = ConsentFact("filming", granted_at=at(-30), valid_until=at(-1))
        assert check("F10", case(footage=(self.upload(),), consents=(consent,)))[0] is Outcome.FAIL

    def test_prompt_upload_passes(self) -> None:
        outcome, reason = check("F11", case(footage=(self.upload(),)))
        assert outcome is Outcome.PASS
        assert "within 48 hours" in reason

    def test_late_upload_fails(self) -> None:
        outcome, reason = check("F11", case(footage=(self.upload(hours_late=72),)))
        assert outcome is Outcome.FAIL
        assert reason == "the one upload came later than 48 hours after filming"
        late = (self.upload(hours_late=72), self.upload())
        assert check("F11", case(footage=late))[1] == (
            "1 of 2 uploaded later than 48 hours after filming"
        )

    def test_failed_processing_fails_with_its_reason(self) -> None:
        outcome, reason = check("F11", case(footage=(self.upload(failed="unreadable file"),)))
        assert outcome is Outcome.FAIL
        assert "failed processing (unreadable file)" in reason

    @pytest.mark.parametrize("indicator", ["F10", "F11"])
    def test_not_applicable_without_uploads(self, indicator: str) -> None:
        assert check(indicator, case()) == (Outcome.NOT_APPLICABLE, "no footage uploaded yet")


def test_evaluate_reports_every_indicator_in_order() -> None:
    results = evaluate(case(), T)
    assert [r.indicator for r in results] == [f"F{n}" for n in range(1, 12)]
    assert all(r.reason for r in results)
