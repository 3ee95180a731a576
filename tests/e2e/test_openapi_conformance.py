"""Schemathesis over the planner's and ingest's OpenAPI, against the running stack.

Every check schemathesis has, a few examples per operation (the whole tier stays within a few
minutes on a small machine): no answer is a server error, and every answer is one the OpenAPI
documents, with the documented body.
"""

from __future__ import annotations

import inspect
import re
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.specs.openapi.checks import positive_data_acceptance
from spin_contracts.claims import Role

from tests.e2e.conftest import Stack
from tests.e2e.workspace.steps import portal_account, register_agency

pytestmark = pytest.mark.e2e
EXAMPLES = 6

load_all_checks()
# Every response check (run-level ones, such as the stateful checks, need a whole run).
ALL_CHECKS: list[Any] = [check for check in CHECKS.get_all() if inspect.isfunction(check)]


def _schema(stack: Stack, service: str) -> Any:
    loaded = schemathesis.openapi.from_url(f"{stack.url(service)}/openapi.json")
    loaded.config.update(base_url=stack.url(service))
    return loaded


def _bearer(stack: Stack, role: Role, **scope: str) -> dict[str, str]:
    token = stack.issuer.mint(
        subject=f"schemathesis-{role.value}",
        role=role,
        institute_id=scope.get("institute", "schemathesis-inst"),
        agency_id=scope.get("agency"),
        site_id=scope.get("site"),
    )
    return {"Authorization": f"Bearer {token}"}


BOUNDED = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def _conforms(
    stack: Stack,
    service: str,
    headers: dict[str, str],
    excluded: tuple[Any, ...] = (),
    only: str = "",
) -> None:
    """Every operation, a few generated requests each; all failures reported together.

    Driven with Hypothesis directly: schemathesis' lazy pytest fixtures do not run under this
    pytest, and a schema loaded at import would need the stack to collect the tests.
    """
    failures: list[str] = []
    for result in _schema(stack, service).get_all_operations():
        operation = result.ok()
        if not operation.path.startswith(only):
            continue

        @given(case=operation.as_strategy())
        @BOUNDED
        def exercise(case: Any) -> None:
            checks = [check for check in ALL_CHECKS if check not in excluded]
            case.call_and_validate(headers=headers, checks=checks, timeout=30)

        try:
            exercise()
        except Exception as failure:  # noqa: BLE001 - gathered, then reported at once
            failures.append(f"{operation.label}: {failure}")
    assert not failures, "\n\n".join(failures)


def test_the_planner_answers_as_its_openapi_says(stack: Stack) -> None:
    # The planner's rules beyond the schema (an admin names the practitioner a case is given
    # to, a review after its filming, references that exist) answer a schema-valid request
    # with a 422 and a sentence: documented, so every other check holds.
    rules = (positive_data_acceptance,)
    _conforms(stack, "planner", _bearer(stack, Role.SERVICE), excluded=rules)


def test_ingest_answers_as_its_openapi_says(stack: Stack) -> None:
    uploader = _bearer(stack, Role.SITE_UPLOADER, agency="schemathesis-agency", site="schema-1")
    # tus headers carry what OpenAPI cannot express (Upload-Length or Upload-Defer-Length, base64
    # metadata pairs), so a request valid by the schema may rightly be a 400 there; every other
    # check holds, the undocumented-status and body checks included.
    tus = (positive_data_acceptance,)
    _conforms(stack, "ingest", {"Tus-Resumable": "1.0.0", **uploader}, excluded=tus)


def test_the_portals_json_api_answers_as_its_openapi_says(stack: Stack) -> None:
    """The workspace's JSON API, as a logged-in practitioner's scripts call it (session cookie
    and the page's CSRF token); the HTML pages are documented without a JSON body."""
    agency = register_agency(stack)
    username, password = portal_account(agency, "practitioner", agency.practitioner_id)
    with httpx.Client(base_url=stack.url("portal"), timeout=30) as browser:
        form = browser.get("/login")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
        assert csrf is not None
        fields = {"username": username, "password": password, "csrf_token": csrf.group(1)}
        assert browser.post("/login", data=fields).status_code in {200, 303}
        page = browser.get("/workspace")
        token = re.search(r'name="csrf-token" content="([^"]+)"', page.text)
        assert token is not None
        cookie = "; ".join(f"{name}={value}" for name, value in browser.cookies.items())
    headers = {"Cookie": cookie, "X-CSRF-Token": token.group(1)}
    rules = (positive_data_acceptance,)
    _conforms(stack, "portal", headers, excluded=rules, only="/workspace/api/")
