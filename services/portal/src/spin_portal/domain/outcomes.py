"""The outcome of one fidelity indicator for one case."""

from __future__ import annotations

from enum import StrEnum


def N_(message: str) -> str:  # noqa: N802 - gettext's marker: the portal translates these
    return message


class Outcome(StrEnum):
    PASS = "pass"  # noqa: S105 - an outcome, not a password
    FAIL = "fail"
    NOT_APPLICABLE = "n/a"
