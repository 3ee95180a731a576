"""The VIG cycle seen from the portal: an agency admin logs in and reads the case's indicators."""

from __future__ import annotations

import csv
import io
import re

import httpx

from tests.e2e.cycle_planner import Directory
from tests.e2e.flows import poll, portal_login

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def create_portal_admin(d: Directory) -> tuple[str, str]:
    return portal_login("agency_admin", d.institute_id, d.agency_id)


def log_in_to_portal(portal: httpx.Client, username: str, password: str) -> None:
    """The login form's double-submit CSRF cookie travels in the client's cookie jar."""
    form = answered_page(portal.get("/login"))
    token = CSRF.search(form.text)
    assert token is not None, form.text
    logged_in = portal.post(
        "/login", data={"username": username, "password": password, "csrf_token": token.group(1)}
    )
    assert logged_in.status_code == 303, f"login refused: {logged_in.text[:500]}"


def answered_page(response: httpx.Response) -> httpx.Response:
    assert response.status_code == 200, f"{response.request.url}: {response.text[:500]}"
    return response


def portal_indicators(portal: httpx.Client, case_code: str) -> dict[str, dict[str, str]]:
    """The case's indicator rows from its CSV export; empty while the case is not projected."""
    export = portal.get(f"/cases/{case_code}", params={"export": "indicators"})
    if export.status_code == 404:
        return {}
    answered_page(export)
    return {row["Indicator"]: row for row in csv.DictReader(io.StringIO(export.text))}


def passing_indicators(portal: httpx.Client, case_code: str, wanted: set[str]) -> None:
    """The read model is eventually consistent: wait until the wanted indicators pass."""
    seen: dict[str, dict[str, str]] = {}

    def probe() -> bool | None:
        seen.update(portal_indicators(portal, case_code))
        return all(seen.get(i, {}).get("Outcome") == "pass" for i in wanted) or None

    try:
        poll(f"portal indicators {sorted(wanted)} passing for {case_code}", probe)
    except AssertionError as late:
        rows = {i: seen.get(i) for i in sorted(wanted)}
        raise AssertionError(f"{late}; last seen: {rows}") from None
