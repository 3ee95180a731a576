"""What the planner refuses, and why; the API turns each kind into its HTTP status.

A refusal's message is an English `%(name)s` template (the catalogs' msgid) with its values:
`message` is the English sentence (logs, the CLI, tests), the API answers in the reader's
language (`api/errors.py`).
"""

from __future__ import annotations


class PlannerError(Exception):
    """A refusal with a message a practitioner can read."""

    def __init__(self, template: str, *, field: str | None = None, **values: object) -> None:
        message = template % values if values else template
        super().__init__(message)
        self.message = message
        self.template = template
        self.values = values
        self.field = field


class NotFound(PlannerError):  # noqa: N818 - named after the answer, like the HTTP status
    """Missing, or belongs to a tenant the caller may not know about."""


class Forbidden(PlannerError):  # noqa: N818
    """The caller sees the object but their role may not do this with it."""


class Conflict(PlannerError):  # noqa: N818
    """The object's state does not allow this (a closed case, a plan already shown)."""


class ImpossibleTimeline(PlannerError):  # noqa: N818
    """The dates or times contradict each other or what is already recorded."""


class InvalidInput(PlannerError):  # noqa: N818
    """A value is not acceptable for a reason the body schema cannot express."""


class VersionRequired(PlannerError):  # noqa: N818
    """An edit came without If-Match."""


class StaleVersion(PlannerError):  # noqa: N818
    """An edit named a version that is no longer current."""
