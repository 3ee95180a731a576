"""Bodies and views of the planner API (pydantic); the use cases take and return these."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError
from spincore.i18n import N_

T = TypeVar("T")

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


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int = Field(description="how many match the filters, over all pages")
    limit: int
    offset: int
