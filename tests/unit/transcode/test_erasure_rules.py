"""The erasure rules, the kinds of objects, per-institute figures and rendition checks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

from spin_contracts.events.footage import ErasedKind, ErasureReason, ErasureScope, MediaMetadata
from spin_transcode.domain.erasure import (
    CaseFacts,
    ErasurePolicy,
    FootageFacts,
    backoff_s,
    kind_of,
    plan_erasures,
    prefixes,
)
from spin_transcode.domain.verification import rendition_problems
from spin_transcode.settings import TranscodeSettings

POLICY = ErasurePolicy(
    erase_after_withdrawal_s=86400, raw_retention_days=30, closed_case_retention_days=60
)
T0 = datetime(2026, 5, 10, 14, 30, tzinfo=UTC)


def test_withdrawal_erases_all_within_the_window() -> None:
    footage = FootageFacts(uuid4())
    (planned,) = plan_erasures(CaseFacts(filming_withdrawn_at=T0), [footage], POLICY)
    assert (planned.scope, planned.reason) == (ErasureScope.ALL, ErasureReason.CONSENT_WITHDRAWN)
    assert planned.due_at == T0 + timedelta(days=1)


def test_a_consent_granted_again_after_withdrawal_stops_nothing_new() -> None:
    case = CaseFacts(filming_granted_at=T0 + timedelta(days=2), filming_withdrawn_at=T0)
    assert not case.filming_withdrawn
    assert plan_erasures(case, [FootageFacts(uuid4())], POLICY) == []


def test_verified_renditions_start_the_raw_clock_and_closing_the_case_clock() -> None:
    footage = FootageFacts(uuid4(), verified_at=T0)
    planned = plan_erasures(CaseFacts(closed_on=date(2026, 6, 1)), [footage], POLICY)
    by_scope = {p.scope: p for p in planned}
    assert by_scope[ErasureScope.RAW].due_at == T0 + timedelta(days=30)
    assert by_scope[ErasureScope.ALL].due_at == datetime(2026, 7, 31, tzinfo=UTC)
    assert by_scope[ErasureScope.ALL].reason is ErasureReason.CASE_CLOSED


def test_the_earliest_rule_wins_per_scope() -> None:
    case = CaseFacts(filming_withdrawn_at=T0, closed_on=date(2026, 5, 1))
    (planned,) = plan_erasures(case, [FootageFacts(uuid4())], POLICY)
    assert planned.reason is ErasureReason.CONSENT_WITHDRAWN


def test_kinds_and_prefixes_from_keys() -> None:
    footage_id = uuid4()
    assert kind_of(f"raw/a/s/{footage_id}") is ErasedKind.RAW
    assert kind_of(f"renditions/{footage_id}/720p.mp4") is ErasedKind.RENDITION
    assert kind_of(f"renditions/{footage_id}/thumbnails.vtt") is ErasedKind.VTT
    assert kind_of(f"clips/{footage_id}/reel-{uuid4()}.mp4") is ErasedKind.REEL
    assert kind_of(f"staging/{uuid4()}/tail") is ErasedKind.STAGING
    assert prefixes(ErasureScope.RAW, footage_id, "staging/u/") == []
    assert prefixes(ErasureScope.ALL, footage_id, "staging/u/") == [
        f"renditions/{footage_id}/",
        f"clips/{footage_id}/",
        "staging/u/",
    ]


def test_institutes_override_the_defaults() -> None:
    settings = TranscodeSettings(erasure_policies={"spin-nl": {"erase_after_withdrawal_s": 0}})
    assert settings.erasure_policy("spin-nl").erase_after_withdrawal_s == 0
    assert settings.erasure_policy("spin-nl").raw_retention_days == 30
    assert settings.erasure_policy("spin-us").erase_after_withdrawal_s == 86400


def test_backoff_doubles_and_is_capped() -> None:
    assert [backoff_s(n, 5, 30) for n in (1, 2, 3, 4)] == [5, 10, 20, 30]


def test_a_rendition_must_match_its_source() -> None:
    source = MediaMetadata(
        duration_s=10.0, frame_rate=25, width=640, height=360, video_codec="h264", has_audio=True
    )
    fine = {
        "streams": [{"codec_type": "video"}, {"codec_type": "audio"}],
        "format": {"duration": "10.4"},
    }
    assert rendition_problems("360p", fine, source) == []
    short = {"streams": [{"codec_type": "video"}], "format": {"duration": "8.0"}}
    assert len(rendition_problems("360p", short, source)) == 2
