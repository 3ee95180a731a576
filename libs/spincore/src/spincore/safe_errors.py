"""Errors described for logs and dead letters without the data they were raised about.

A database error's text carries what PostgreSQL and SQLAlchemy put in it: the statement's
parameters (a helping question's words, a child's name) and, for many errors, the offending
value quoted in the server's own message. So a database error is described by its class, its
SQLSTATE and the statement's verb only; the place it was raised (files and lines) is kept.
"""

from __future__ import annotations

import traceback

from sqlalchemy.exc import DBAPIError, StatementError

FRAMES_KEPT = 8


def describe(error: BaseException, *, message: bool = True) -> str:
    """A one-line description safe to log: no statement parameters, no server message.

    Other errors keep their message unless `message` is false (an HTTP request's error may
    quote its input, such as a response model's validation error).
    """
    if isinstance(error, StatementError):
        return _database_error(error)
    cause = error.__cause__ or error.__context__
    if isinstance(cause, StatementError):
        return f"{type(error).__name__} from {_database_error(cause)}"
    return repr(error) if message else type(error).__name__


def _database_error(error: StatementError) -> str:
    parts = [type(error).__name__]
    original = error.orig
    if original is not None:
        parts.append(f"({type(original).__name__})")
    state = sqlstate(error)
    if state:
        parts.append(f"SQLSTATE {state}")
    verb = (error.statement or "").split(maxsplit=1)[:1]
    if verb:
        parts.append(f"in {verb[0].upper()}")
    return " ".join(parts)


def sqlstate(error: BaseException) -> str | None:
    """The SQLSTATE PostgreSQL answered with (asyncpg keeps it on the driver's error)."""
    if not isinstance(error, DBAPIError):
        cause = error.__cause__ or error.__context__
        return sqlstate(cause) if isinstance(cause, DBAPIError) else None
    for candidate in (error.orig, getattr(error.orig, "__cause__", None)):
        state = getattr(candidate, "sqlstate", None)
        if isinstance(state, str):
            return state
    return None


def where(error: BaseException) -> list[str]:
    """The innermost frames of our own code that raised `error` (not of installed
    libraries), as `file:line in function`: code, no data."""
    frames = [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if "site-packages" not in frame.filename
    ]
    return [f"{frame.filename}:{frame.lineno} in {frame.name}" for frame in frames[-FRAMES_KEPT:]]
