"""The training rule: clips marked for training go when the training consent is withdrawn (after
the institute's delay) and five years after the first marking at the latest."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

from spin_contracts.events.footage import ErasureReason, ErasureScope
from spin_transcode.domain.erasure import (
    TRAINING_RETENTION_DAYS,
    CaseFacts,
    ErasurePolicy,
    FootageFacts,
    plan_erasures,
    prefixes,
)
from spin_transcode.settings import TranscodeSettings

POLICY = ErasurePolicy(
    erase_after_withdrawal_s=86400, raw_retention_days=30, closed_case_retention_days=60
)
T0 = datetime(2026, 5, 10, 14, 30, tzinfo=UTC)


def test_marked_clips_go_five_years_on_at_the_latest() -> None:
    footage = FootageFacts(uuid4(), training_marked_at=T0)
    (planned,) = plan_erasures(CaseFacts(), [footage], POLICY)
    assert (planned.scope, planned.reason) == (
        ErasureScope.TRAINING,
        ErasureReason.TRAINING_RETENTION,
    )
    assert planned.due_at == T0 + timedelta(days=1826)
    assert planned.due_at <= T0.replace(year=T0.year + 5), "never longer than five years"


def test_a_withdrawn_training_consent_brings_it_forward() -> None:
    footage = FootageFacts(uuid4(), training_marked_at=T0)
    withdrawn = T0 + timedelta(days=100)
    case = CaseFacts(training_granted_at=T0 - timedelta(days=1), training_withdrawn_at=withdrawn)
    (planned,) = plan_erasures(case, [footage], POLICY)
    assert planned.reason is ErasureReason.TRAINING_CONSENT_WITHDRAWN
    assert planned.due_at == withdrawn + timedelta(days=1)


def test_no_marked_clip_no_training_erasure_and_granted_again_counts() -> None:
    withdrawn = CaseFacts(training_withdrawn_at=T0)
    assert plan_erasures(withdrawn, [FootageFacts(uuid4())], POLICY) == []
    again = CaseFacts(training_granted_at=T0 + timedelta(days=1), training_withdrawn_at=T0)
    assert not again.training_withdrawn
    (planned,) = plan_erasures(again, [FootageFacts(uuid4(), training_marked_at=T0)], POLICY)
    assert planned.reason is ErasureReason.TRAINING_RETENTION


def test_training_erasure_lists_no_prefix_of_the_footage() -> None:
    assert prefixes(ErasureScope.TRAINING, uuid4(), "staging/x/") == []


def test_an_institute_sets_its_own_training_figures() -> None:
    settings = TranscodeSettings(
        erasure_policies={
            "spin-nl": {"erase_after_training_withdrawal_s": 0, "training_retention_days": 365}
        }
    )
    assert settings.erasure_policy("spin-us").training_retention_days == TRAINING_RETENTION_DAYS
    dutch = settings.erasure_policy("spin-nl")
    assert (dutch.erase_after_training_withdrawal_s, dutch.training_retention_days) == (0, 365)
