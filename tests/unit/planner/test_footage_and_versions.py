"""Footage status under out-of-order events; ETags and If-Match."""

from __future__ import annotations

import pytest
from spin_planner.domain.concurrency import check_current, etag, expected_version
from spin_planner.domain.errors import StaleVersion, VersionRequired
from spin_planner.domain.footage import FootageStatus as S
from spin_planner.domain.footage import advance


@pytest.mark.parametrize(
    ("current", "incoming", "after"),
    [
        (None, S.TRANSCODING, S.TRANSCODING),
        (S.UPLOADED, S.TRANSCODING, S.TRANSCODING),
        (S.TRANSCODING, S.UPLOADED, S.TRANSCODING),
        (S.READY, S.TRANSCODING, S.READY),
        (S.FAILED, S.TRANSCODING, S.FAILED),
        (S.FAILED, S.READY, S.READY),
        (S.READY, S.FAILED, S.READY),
        (S.TRANSCODING, S.FAILED, S.FAILED),
    ],
)
def test_status_never_goes_back(current: S | None, incoming: S, after: S) -> None:
    assert advance(current, incoming) is after


def test_etags_round_trip() -> None:
    assert expected_version(etag(7)) == 7
    assert expected_version('W/"7"') == 7


def test_if_match_is_required_and_must_be_current() -> None:
    with pytest.raises(VersionRequired, match="If-Match"):
        expected_version(None)
    with pytest.raises(StaleVersion, match="names no current version"):
        expected_version("*")
    with pytest.raises(StaleVersion, match="you have version 2, it is now at 3"):
        check_current(2, 3)
    check_current(3, 3)
