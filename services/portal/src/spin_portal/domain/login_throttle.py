"""How long a login attempt must wait, from the failures seen before it (no I/O).

Failures are counted per account *and* address: a few are free, then each further one doubles
the wait before the next attempt of that pair. Locking an account from anywhere let anyone
lock out an institute's auditors; so an account only waits at the address that failed, and
its owner logs in from elsewhere. One address failing across many accounts (guessing) is
stopped by a limit of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

MAX_DOUBLINGS = 20  # far past any window: keeps the power small


@dataclass(frozen=True)
class LoginFailures:
    """Failed logins within the window."""

    of_pair: int  # of this account from this address
    last_of_pair: datetime | None
    from_address: int  # of any account from this address
    last_from_address: datetime | None


@dataclass(frozen=True)
class Refusal:
    wait_s: int
    message: str
    from_address: bool = False  # the address failed too often, over any accounts


@dataclass(frozen=True)
class LoginThrottle:
    free_failures: int  # of one pair, before the waits begin
    first_wait_s: float
    window_s: float
    address_factor: int  # one address may fail this many times more, over any accounts

    def pair_wait_s(self, failures: int) -> float:
        """The wait after the last of `failures` of one pair before its next attempt."""
        if failures < self.free_failures:
            return 0.0
        doublings = min(failures - self.free_failures, MAX_DOUBLINGS)
        return min(self.window_s, self.first_wait_s * float(2**doublings))

    def refusal(self, seen: LoginFailures, now: datetime) -> Refusal | None:
        """Why this attempt must wait, or None when it may go ahead."""
        if seen.from_address >= self.free_failures * self.address_factor:
            left = _left(self.window_s, seen.last_from_address, now)
            if left > 0:
                return Refusal(
                    left,
                    "Too many failed logins from your address. "
                    f"Please wait {_duration(left)} before trying again.",
                    from_address=True,
                )
        left = _left(self.pair_wait_s(seen.of_pair), seen.last_of_pair, now)
        if left > 0:
            return Refusal(
                left,
                "Too many failed logins for this account from your address. "
                f"Please wait {_duration(left)} before trying again.",
            )
        return None


def _left(wait_s: float, since: datetime | None, now: datetime) -> int:
    if since is None or wait_s <= 0:
        return 0
    remaining = wait_s - (now - since).total_seconds()
    return max(0, int(-(-remaining // 1)))  # whole seconds, rounded up


def _duration(seconds: int) -> str:
    if seconds < 120:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    return f"{-(-seconds // 60)} minutes"
