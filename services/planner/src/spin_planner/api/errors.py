"""Refusals of the planner as HTTP answers; field-level ones shaped like FastAPI's 422s.

A malformed request's 422 is spincore's (`spincore.web_guards`): short excerpts of the input.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from spincore.i18n import Catalogs
from spincore.validation_words import OwnSentences

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
from spin_planner.models import UNSTORABLE

STATUS: dict[type[PlannerError], int] = {
    NotFound: status.HTTP_404_NOT_FOUND,
    Forbidden: status.HTTP_403_FORBIDDEN,
    Conflict: status.HTTP_409_CONFLICT,
    ImpossibleTimeline: status.HTTP_422_UNPROCESSABLE_CONTENT,
    InvalidInput: status.HTTP_422_UNPROCESSABLE_CONTENT,
    StaleVersion: status.HTTP_412_PRECONDITION_FAILED,
    VersionRequired: status.HTTP_428_PRECONDITION_REQUIRED,
}
CATALOGS = Catalogs(Path(__file__).resolve().parent.parent / "locale")
NUL_REFUSED = "nul_parameter"


async def _refused(request: Request, error: Exception) -> JSONResponse:
    """The refusal in the request's language (Accept-Language), English where none fits."""
    assert isinstance(error, PlannerError)
    code = STATUS[type(error)]
    language = CATALOGS.language(request.headers.get("accept-language"))
    sentence = CATALOGS.sentence(error.template, language, error.values)
    if code == status.HTTP_422_UNPROCESSABLE_CONTENT and error.field:
        detail: object = [
            {"loc": ["body", error.field], "msg": sentence, "type": type(error).__name__}
        ]
    else:
        detail = sentence
    headers = {"Content-Language": language, "Vary": "Accept-Language"}
    return JSONResponse({"detail": detail}, status_code=code, headers=headers)


async def storable_parameters(request: Request) -> None:
    """Refuse a NUL in a query or path value with a 422 naming it (PostgreSQL refuses it in
    text, which failed the request with a 500)."""
    values = [
        *(("query", name, value) for name, value in request.query_params.multi_items()),
        *(("path", name, str(value)) for name, value in request.path_params.items()),
    ]
    problems = [
        {"type": NUL_REFUSED, "loc": (where, name), "msg": UNSTORABLE[NUL_REFUSED], "input": value}
        for where, name, value in values
        if "\x00" in value
    ]
    if problems:
        raise RequestValidationError(problems)


def add_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(PlannerError, _refused)
    # The planner's own 422 types (models.UNSTORABLE), worded from its catalog.
    app.state.own_sentences = OwnSentences(CATALOGS, UNSTORABLE)
