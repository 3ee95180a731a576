"""What every service's HTTP face refuses or hides: bodies over the limit, unhandled errors'
details, and more than a short excerpt of bad input in a 422."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, HTTPException, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from spincore.i18n import ENGLISH, N_
from spincore.logging import get_logger
from spincore.safe_errors import describe, sqlstate, where
from spincore.validation_words import CATALOGS, OwnSentences, problem_words, request_language

log = get_logger(__name__)

EXCERPT_CHARS = 40
MESSAGE_CHARS = 300
ERRORS_SHOWN = 20


TOO_LARGE = N_("The request body is larger than %(size)s, the most this service accepts.")
FAILED = N_(
    "Something went wrong on our side and nothing was changed by this request; "
    "try again, and tell the operators if it keeps happening."
)


class BodyTooLargeError(HTTPException):
    def __init__(self, limit: int, language: str = ENGLISH) -> None:
        sentence = CATALOGS.sentence(TOO_LARGE, language, {"size": _size(limit)})
        super().__init__(status.HTTP_413_CONTENT_TOO_LARGE, sentence)


class BodyLimit:
    """Refuse request bodies over `limit` bytes with 413: at once when Content-Length says
    so, else as soon as the bytes received pass it (chunked bodies). Paths under one of
    `unbounded` are left alone (ingest's tus uploads bound their own bodies).

    The connection stays open: the server reads the rest of the body and drops it, so the
    client, still sending, gets the answer instead of a reset connection."""

    def __init__(self, app: ASGIApp, limit: int, unbounded: Sequence[str] = ()) -> None:
        self.app = app
        self.limit = limit
        self.unbounded = tuple(unbounded)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self._unbounded(scope["path"]):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        refusal = BodyTooLargeError(self.limit, request_language(headers.get("accept-language")))
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.limit:
            await _answer(send, refusal)
            return
        received = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise refusal
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, watched_send)
        except BodyTooLargeError:
            if started:
                raise
            await _answer(send, refusal)

    def _unbounded(self, path: str) -> bool:
        return any(path == prefix or path.startswith(f"{prefix}/") for prefix in self.unbounded)


class UnhandledErrors:
    """Answer an error no handler took with a 500 and a sentence, and log it by its class,
    SQLSTATE and place only: its text may quote statement parameters or the request's
    input. Nothing is re-raised, so the server does not log the traceback with that text."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watched_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watched_send)
        except Exception as error:  # noqa: BLE001 - the last place an error can be answered
            log.error(
                "http_unhandled_error",
                error=describe(error, message=False),
                sqlstate=sqlstate(error),
                where=where(error),
                route=getattr(scope.get("route"), "path", "unmatched"),
            )
            if not started:
                language = request_language(Headers(scope=scope).get("accept-language"))
                sentence = CATALOGS.sentence(FAILED, language, {})
                await _answer(send, HTTPException(status.HTTP_500_INTERNAL_SERVER_ERROR, sentence))


async def _answer(send: Send, error: HTTPException) -> None:
    body = json.dumps({"detail": error.detail}).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        *((name.lower().encode(), value.encode()) for name, value in (error.headers or {}).items()),
    ]
    await send({"type": "http.response.start", "status": error.status_code, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _size(limit: int) -> str:
    mib, kib = 1024 * 1024, 1024
    if limit % mib == 0:
        return f"{limit // mib} MiB"
    if limit % kib == 0:
        return f"{limit // kib} KiB"
    return f"{limit} bytes"


async def invalid_request(request: Request, error: Exception) -> JSONResponse:
    """FastAPI's 422, with each input cut to a short excerpt (a 20 MB string came back whole)
    and inputs JSON cannot carry (NaN, lone surrogates) as text; its sentences in the
    request's language (Accept-Language), the service's own error types from its catalog."""
    assert isinstance(error, RequestValidationError)
    language = request_language(request.headers.get("accept-language"))
    own: OwnSentences | None = getattr(request.app.state, "own_sentences", None)
    problems = list(error.errors())[:ERRORS_SHOWN]
    detail = [_problem(problem, language, own) for problem in problems]
    headers = {"Content-Language": language, "Vary": "Accept-Language"}
    return JSONResponse(
        {"detail": detail}, status_code=status.HTTP_422_UNPROCESSABLE_CONTENT, headers=headers
    )


def _problem(problem: Any, language: str, own: OwnSentences | None) -> dict[str, Any]:
    shown: dict[str, Any] = {
        "type": str(problem.get("type", "")),
        "loc": [_scalar(part, EXCERPT_CHARS) for part in problem.get("loc", ())],
        "msg": _text(problem_words(problem, language, own), MESSAGE_CHARS),
    }
    if "input" in problem and _is_scalar(problem["input"]):
        shown["input"] = _scalar(problem["input"], EXCERPT_CHARS)
    context = problem.get("ctx")
    if isinstance(context, dict):
        shown["ctx"] = {str(k): _scalar(v, EXCERPT_CHARS) for k, v in context.items()}
    return shown


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def _scalar(value: Any, chars: int) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        return value if math.isfinite(value) and abs(value) < 2**63 else _text(str(value), chars)
    return _text(str(value), chars)


def _text(value: str, chars: int) -> str:
    """At most `chars` characters, with lone surrogates (not UTF-8) escaped."""
    cut = value if len(value) <= chars else f"{value[:chars]}…"
    return cut.encode("utf-8", "backslashreplace").decode("utf-8")


def add_guards(app: FastAPI, max_body_bytes: int, unbounded: Sequence[str] = ()) -> None:
    """Install the body limit, the unhandled-error answer and the short 422 on `app`.

    Added before the correlation middleware, so they run inside it: their answers carry the
    correlation id and are measured."""
    app.add_middleware(BodyLimit, limit=max_body_bytes, unbounded=unbounded)
    app.add_middleware(UnhandledErrors)
    app.add_exception_handler(RequestValidationError, invalid_request)
