"""The login throttle's waits, without I/O."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from spin_portal.domain.login_throttle import LoginFailures, LoginThrottle

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
THROTTLE = LoginThrottle(free_failures=5, first_wait_s=30, window_s=900, address_factor=4)


def seen(of_pair: int, ago_s: float, from_address: int | None = None) -> LoginFailures:
    last = NOW - timedelta(seconds=ago_s)
    return LoginFailures(of_pair, last, of_pair if from_address is None else from_address, last)


def test_waits_begin_after_the_free_failures_and_double_up_to_the_window() -> None:
    assert [THROTTLE.pair_wait_s(n) for n in (0, 4, 5, 6, 7, 10, 40)] == [
        0,
        0,
        30,
        60,
        120,
        900,
        900,
    ]


def test_a_pair_waits_from_its_last_failure() -> None:
    assert THROTTLE.refusal(seen(4, ago_s=0), NOW) is None
    refused = THROTTLE.refusal(seen(6, ago_s=20), NOW)
    assert refused is not None
    assert refused.wait_s == 40
    assert "for this account from your address. Please wait 40 seconds" in refused.message
    assert THROTTLE.refusal(seen(6, ago_s=61), NOW) is None


def test_an_address_failing_over_many_accounts_waits_the_window() -> None:
    refused = THROTTLE.refusal(seen(0, ago_s=60, from_address=20), NOW)
    assert refused is not None
    assert refused.wait_s == 840
    assert refused.message.startswith("Too many failed logins from your address.")
    assert "14 minutes" in refused.message
    assert THROTTLE.refusal(seen(0, ago_s=60, from_address=19), NOW) is None
