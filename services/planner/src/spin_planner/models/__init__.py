"""Bodies and views of the planner API (pydantic). A body becomes its use case's command
(`Body.command`); a view is built from the domain record a use case returns."""

from __future__ import annotations

import dataclasses
import functools
import typing
from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError
from spincore.i18n import N_

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

T = TypeVar("T")
C = TypeVar("C", bound="DataclassInstance")

EARLIEST_YEAR = 1900
LATEST_YEAR = 2999
# The planner's own 422 error types -> their sentences, answered from the planner's catalog
# in the asker's language (spincore.validation_words.OwnSentences).
UNSTORABLE: dict[str, str] = {
    "nul_character": N_("the text contains a NUL character, which cannot be stored"),
    "lone_surrogate": N_("the text contains a lone surrogate, which is not valid Unicode"),
    "date_out_of_range": N_("dates must lie between %(earliest)s and %(latest)s"),
    "nul_parameter": N_(
        "the value contains a NUL character, which cannot be stored or searched for"
    ),
}


def unstorable(kind: str, **values: object) -> PydanticCustomError:
    """The 422 problem of `kind`; its English sentence as pydantic's message."""
    english = UNSTORABLE[kind] % values if values else UNSTORABLE[kind]
    return PydanticCustomError(kind, english.replace("{", "{{").replace("}", "}}"), values)


class Body(BaseModel):
    """A request body: unknown fields are refused, so typos do not pass silently.

    Values PostgreSQL cannot store (a NUL character, a lone surrogate, NaN) and dates it
    would store but not give back as sent (year 1 comes back without its offset) are
    refused here, naming the field, before they reach the database.
    """

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, allow_inf_nan=False)

    @field_validator("*", mode="after")
    @classmethod
    def storable(cls, value: Any) -> Any:
        _check_storable(value)
        return value

    def command(self, kind: type[C], **values: Any) -> C:
        """This body as the command `kind` of its use case: the fields of the same names (a
        nested body as the command its field holds), `values` over them."""
        return _command(kind, self, values)


def _command(kind: type[C], body: BaseModel, values: dict[str, Any]) -> C:
    given = type(body).model_fields
    for name, part in _parts(kind):
        if name in values or name not in given:
            continue
        value = getattr(body, name)
        if part is not None and isinstance(value, list):
            value = [_command(part, item, {}) for item in value]
        elif part is not None and value is not None:
            value = _command(part, value, {})
        values[name] = value
    return kind(**values)


@functools.cache
def _parts(kind: type) -> tuple[tuple[str, Any], ...]:
    """Each field of the command `kind`, and the command it holds (alone or listed), if any."""
    hints = typing.get_type_hints(kind)
    return tuple((field.name, _command_in(hints[field.name])) for field in dataclasses.fields(kind))


def _command_in(hint: Any) -> Any:
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return hint
    return next((c for c in map(_command_in, typing.get_args(hint)) if c is not None), None)


def _check_storable(value: Any) -> None:
    if isinstance(value, str):
        if "\x00" in value:
            raise unstorable("nul_character")
        if any("\ud800" <= char <= "\udfff" for char in value):
            raise unstorable("lone_surrogate")
    elif isinstance(value, date | datetime):
        if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
            raise unstorable("date_out_of_range", earliest=EARLIEST_YEAR, latest=LATEST_YEAR)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            _check_storable(item)


class View(BaseModel):
    model_config = ConfigDict(from_attributes=True)


V = TypeVar("V", bound=View)


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int = Field(description="how many match the filters, over all pages")
    limit: int
    offset: int


def page_of(view: type[V], items: Iterable[object], total: int, limit: int, offset: int) -> Page[V]:
    """A listing's answer: its domain records as `view`s (the very `Page[view]` the route
    declares, which FastAPI then takes as it is)."""
    views = [view.model_validate(item) for item in items]
    answer: Page[V] = typing.cast(Any, Page)[view](
        items=views, total=total, limit=limit, offset=offset
    )
    return answer
