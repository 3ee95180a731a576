"""Optimistic concurrency: every editable object has a version, exposed as its ETag."""

from __future__ import annotations

import re

from spin_planner.domain.errors import StaleVersion, VersionRequired

_ETAG = re.compile(r'^(?:W/)?"(\d{1,18})"$')


def etag(version: int) -> str:
    return f'"{version}"'


def expected_version(if_match: str | None) -> int:
    """The version an edit was based on, from its If-Match header."""
    if if_match is None or not if_match.strip():
        raise VersionRequired("this edit needs an If-Match header with the ETag you last read")
    match = _ETAG.match(if_match.strip())
    if match is None:
        raise StaleVersion(
            "If-Match %(if_match)r names no current version of this object", if_match=if_match
        )
    return int(match.group(1))


def check_current(expected: int, current: int) -> None:
    if expected != current:
        raise StaleVersion(
            "the object changed since you read it (you have version %(expected)s, "
            "it is now at %(current)s): reload it and apply your edit again",
            expected=expected,
            current=current,
        )
