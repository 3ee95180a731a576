"""Refusals of the planner as HTTP answers; field-level ones shaped like FastAPI's 422s."""

from __future__ import annotations

import math
from typing import Any

from fastapi import FastAPI, Request, status
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from spin_planner.domain.errors import (
    Conflict,
    Forbidden,
    ImpossibleTimeline,
    InvalidInput,
    NotFound,
    PlannerError,
    StaleVersion,
    VersionRequired,
)

STATUS: dict[type[PlannerError], int] = {
    NotFound: status.HTTP_404_NOT_FOUND,
    Forbidden: status.HTTP_403_FORBIDDEN,
    Conflict: status.HTTP_409_CONFLICT,
    ImpossibleTimeline: status.HTTP_422_UNPROCESSABLE_CONTENT,
    InvalidInput: status.HTTP_422_UNPROCESSABLE_CONTENT,
    StaleVersion: status.HTTP_412_PRECONDITION_FAILED,
    VersionRequired: status.HTTP_428_PRECONDITION_REQUIRED,
}


async def _refused(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, PlannerError)
    code = STATUS[type(error)]
    if code == status.HTTP_422_UNPROCESSABLE_CONTENT and error.field:
        detail: object = [
            {"loc": ["body", error.field], "msg": error.message, "type": type(error).__name__}
        ]
    else:
        detail = error.message
    return JSONResponse({"detail": detail}, status_code=code)


async def _invalid_body(_request: Request, error: Exception) -> JSONResponse:
    """FastAPI's own 422, except that inputs JSON cannot carry (NaN, Infinity: Python's JSON
    parser reads them) are echoed as text instead of failing the answer with a 500."""
    assert isinstance(error, RequestValidationError)
    detail = jsonable_encoder(_json_safe(error.errors()))
    return JSONResponse({"detail": detail}, status_code=status.HTTP_422_UNPROCESSABLE_CONTENT)


def _json_safe(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {key: _json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(item) for item in value]
    return value


def add_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(PlannerError, _refused)
    app.add_exception_handler(RequestValidationError, _invalid_body)
