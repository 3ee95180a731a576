"""Bodies and views of the planner API (pydantic); the use cases take and return these."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

T = TypeVar("T")

EARLIEST_YEAR = 1900
LATEST_YEAR = 2999


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
            raise ValueError("the text contains a NUL character, which cannot be stored")
        if any("\ud800" <= char <= "\udfff" for char in value):
            raise ValueError("the text contains a lone surrogate, which is not valid Unicode")
    elif isinstance(value, date | datetime):
        if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
            raise ValueError(f"dates must lie between {EARLIEST_YEAR} and {LATEST_YEAR}")
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
