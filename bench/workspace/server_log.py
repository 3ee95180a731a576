"""The portal's own time for the bench's requests, from its access log.

Every request the bench sends carries an `X-Correlation-ID` of its own (the portal takes it
from the request); the portal logs each request's route, status and milliseconds under that
id (spincore.web). That time starts when the request reaches the application and ends when
it has answered: without the client's share and the wait before the portal reads it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

ROUTES = {
    "/workspace": "case list",
    "/workspace/cases/{case_id}": "case page",
    "/workspace/cases/{case_id}/footage/{footage_id}": "player page",
}


def portal_log(env_file: Path) -> Path:
    """`make up` keeps logs in var/log beside var/secrets, where the env file lives."""
    return env_file.resolve().parent.parent / "log" / "portal.log"


def log_size(path: Path) -> int:
    return path.stat().st_size if path.exists() else 0


def logged_ms(path: Path, since: int, prefix: str) -> dict[str, list[float]]:
    """Milliseconds by page of the requests whose correlation id starts with `prefix`, in the
    part of the log written after byte `since`."""
    by_page: dict[str, list[float]] = defaultdict(list)
    if not path.exists():
        return by_page
    with path.open("rb") as log:
        log.seek(since)
        for line in log:
            if prefix.encode() not in line:
                continue
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            page = ROUTES.get(str(entry.get("route")))
            if entry.get("event") == "http_request" and page and "ms" in entry:
                by_page[page].append(float(entry["ms"]))
    return by_page
