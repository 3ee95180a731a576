"""Every refusal in the OpenAPI: the statuses each operation can answer, with the error body.

FastAPI documents the success and its own 422. The refusals made by the token guard, the body
limit, the tenancy checks and the edit preconditions are added here from what an operation
declares (a token, a path, a body, an If-Match header), plus what a service names for its own
operations, all with one error body: `{"detail": sentence}`, or a list of field problems for a
422. Answers without a body (HEAD, 201/204 of tus) are documented without one.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any

from fastapi import FastAPI

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
SCHEMAS: dict[str, Any] = {
    "Problem": {
        "title": "Problem",
        "description": "why the request was refused, in a sentence a person understands",
        "type": "object",
        "required": ["detail"],
        "properties": {
            "detail": {
                "anyOf": [
                    {"type": "string"},
                    {"type": "array", "items": {"$ref": "#/components/schemas/FieldProblem"}},
                ]
            }
        },
    },
    "FieldProblem": {
        "title": "FieldProblem",
        "type": "object",
        "required": ["loc", "msg", "type"],
        "properties": {
            "loc": {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}},
            "msg": {"type": "string"},
            "type": {"type": "string"},
        },
    },
}
REASONS = {
    400: "the request breaks the protocol (a header is missing or malformed)",
    401: "no access token, or one that is invalid, expired or revoked",
    403: "the token's role or tenant may not do this",
    404: "no such object, or one of another tenant (the same answer)",
    408: "the request's headers did not arrive in time",
    409: "the object's state does not allow this",
    410: "the upload is finished one way or another",
    412: "the object changed since it was read (If-Match is stale)",
    413: "the body is larger than this service accepts",
    415: "the body is not of a type this service accepts",
    422: "a value is not acceptable; the problems name the fields",
    423: "another request is working on the object; try again shortly",
    428: "an edit needs If-Match with the version that was read",
    429: "too many at once; Retry-After says when to try again",
    431: "the request's headers are too large",
    460: "the chunk does not match its Upload-Checksum",
    503: "a dependency is unavailable, or the service is still starting (Retry-After); "
    "nothing already accepted is lost",
}
ALWAYS_ANSWERED = frozenset({"/healthz", "/readyz", "/metrics"})
WRITES = frozenset({"post", "put", "patch", "delete"})
Extra = Callable[[str, str], Collection[int]]


def document_refusals(app: FastAPI, extra: Extra | None = None) -> None:
    """Make `app.openapi()` list every refusal; `extra(path, method)` names a service's own."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None and "Problem" in _schemas(app.openapi_schema):
            return app.openapi_schema
        schema = generate()
        _schemas(schema).update(SCHEMAS)
        for path, operations in schema.get("paths", {}).items():
            for method, operation in operations.items():
                statuses = set(statuses_of(path, method, operation))
                statuses |= set(extra(path, method) if extra else ())
                _document(method, operation, statuses)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def statuses_of(path: str, method: str, operation: Mapping[str, Any]) -> set[int]:
    """The refusals an operation can give from what it declares."""
    statuses: set[int] = set()
    parameters = operation.get("parameters", [])
    if operation.get("security"):
        statuses |= {401, 403}
    if "{" in path:
        statuses.add(404)
    if parameters or "requestBody" in operation:
        statuses.add(422)
    if "requestBody" in operation or method in WRITES:
        statuses.add(413)
    if any(p.get("in") == "header" and p.get("name", "").lower() == "if-match" for p in parameters):
        statuses |= {409, 412, 428}
    if path not in ALWAYS_ANSWERED:
        statuses.add(503)  # spincore.starting: every other route waits for the start-up
    return statuses


def _schemas(schema: dict[str, Any]) -> dict[str, Any]:
    schemas: dict[str, Any] = schema.setdefault("components", {}).setdefault("schemas", {})
    return schemas


def _document(method: str, operation: dict[str, Any], statuses: set[int]) -> None:
    responses: dict[str, Any] = operation.setdefault("responses", {})
    for status in sorted(statuses):
        answer: dict[str, Any] = {"description": REASONS.get(status, "refused")}
        if method != "head":
            answer["content"] = {"application/json": {"schema": PROBLEM_REF}}
        responses[str(status)] = answer
    for code, answer in responses.items():
        empty = answer.get("content", {}).get("application/json", {}).get("schema") == {}
        if code.startswith("2") and (method == "head" or empty):
            answer.pop("content", None)
