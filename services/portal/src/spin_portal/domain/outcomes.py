"""The outcome of one fidelity indicator for one case."""

from __future__ import annotations

from enum import StrEnum


def N_(message: str) -> str:  # noqa: N802 - gettext's marker: the portal translates these
    return message


def Nn_(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802 - as N_, for ngettext
    """A message worded by a count: extraction makes the pair one plural entry."""
    return singular, plural


class Outcome(StrEnum):
    PASS = "pass"  # noqa: S105 - an outcome, not a password
    FAIL = "fail"
    NOT_APPLICABLE = "n/a"
