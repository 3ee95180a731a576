"""Workspace forms as the planner's request bodies.

Fields keep the planner's names, so its 422 messages land next to the right field. What a
form cannot express as the planner wants it (a local time, a list typed as text) is turned
into the planner's shape here; what cannot be turned is an error of that field, said here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from starlette.datastructures import FormData

from spin_portal.web.i18n import current_time_zone

Body = dict[str, Any]
Errors = dict[str, str]


class FormFieldError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field

    @property
    def errors(self) -> Errors:
        """The sentence beside its field, as the form pages show a refusal's."""
        return {self.field: str(self)}


def text(form: FormData, name: str) -> str:
    return str(form.get(name, "")).strip()


def optional(form: FormData, name: str) -> str | None:
    return text(form, name) or None


def number(form: FormData, name: str) -> int | None:
    value = text(form, name)
    if not value:
        return None
    try:
        return int(value)
    except ValueError as error:
        raise FormFieldError(name, "must be a whole number") from error


def local_time(form: FormData, name: str) -> str:
    """A datetime-local field as an aware ISO time on the reader's institute's clock: a session
    in Israel is recorded in Israel's time, whatever zone the laptop is set to."""
    value = text(form, name)
    if not value:
        raise FormFieldError(name, "is required")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as error:
        raise FormFieldError(name, "must be a date and time") from error
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=current_time_zone())
    return moment.isoformat()


def lines(form: FormData, name: str) -> list[str]:
    return [line.strip() for line in text(form, name).splitlines() if line.strip()]


def new_case(form: FormData) -> Body:
    ages = [a.strip() for a in text(form, "children").split(",") if a.strip()]
    try:
        children = [{"age": int(age)} for age in ages]
    except ValueError as error:
        raise FormFieldError(
            "children", "list the children's ages as numbers, e.g. 3, 5"
        ) from error
    caregiver: Body = {"relation": text(form, "relation")}
    if optional(form, "caregiver_name"):
        caregiver["name"] = text(form, "caregiver_name")
    return {
        "delivery_setting": text(form, "delivery_setting"),
        "opened_on": text(form, "opened_on"),
        "caregivers": [caregiver],
        "children": children,
        "self_rating_start": number(form, "self_rating_start"),
    }


def closure(form: FormData) -> Body:
    return {
        "closed_on": text(form, "closed_on"),
        "reason": text(form, "reason"),
        "self_rating_end": number(form, "self_rating_end"),
    }


def consent(form: FormData) -> Body:
    return {"purpose": text(form, "purpose"), "granted_at": local_time(form, "granted_at")}


def withdrawal(form: FormData) -> Body:
    return {"withdrawn_at": local_time(form, "withdrawn_at")}


def question(form: FormData) -> Body:
    return {
        "words": text(form, "words"),
        "goals": lines(form, "goals"),
        "recorded_at": local_time(form, "recorded_at"),
    }


def filming(form: FormData) -> Body:
    return {
        "held_at": local_time(form, "held_at"),
        "duration_minutes": number(form, "duration_minutes"),
        "children_present": form.get("children_present") == "on",
        "note": optional(form, "note"),
    }


def typed(form: FormData) -> dict[str, str]:
    """What the person typed, to show again when the planner refused it."""
    return {k: str(v) for k, v in form.items() if k != "csrf_token"}
