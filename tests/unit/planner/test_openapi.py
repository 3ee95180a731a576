"""The API documents itself: every route has a summary, edits name If-Match."""

from __future__ import annotations

from typing import Any

from spin_planner.api.app import create_app
from spin_planner.settings import PlannerSettings


def _operations() -> dict[str, dict[str, Any]]:
    app = create_app(PlannerSettings())  # builds clients only; nothing connects
    paths: dict[str, dict[str, Any]] = app.openapi()["paths"]
    return {
        f"{method.upper()} {path}": operation
        for path, methods in paths.items()
        for method, operation in methods.items()
    }


def test_every_operation_is_summarised() -> None:
    operations = _operations()
    assert len(operations) >= 35
    assert all(op.get("summary") for op in operations.values())


def test_edits_declare_if_match_and_listings_paginate() -> None:
    operations = _operations()
    for name, operation in operations.items():
        parameters = {p["name"] for p in operation.get("parameters", [])}
        if name.startswith(("PATCH", "DELETE")) or name.endswith("/close"):
            assert "if-match" in parameters, name
    for listing in ("GET /cases", "GET /cases/{case_id}/sessions", "GET /practitioners"):
        parameters = {p["name"] for p in operations[listing]["parameters"]}
        assert {"limit", "offset"} <= parameters, listing
