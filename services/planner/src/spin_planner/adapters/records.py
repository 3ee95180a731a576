"""A stored row as the domain record of the same fields (extra columns are left out)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import fields
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Row

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

R = TypeVar("R", bound="DataclassInstance")
Stored = Row[Any] | Mapping[str, Any]


def record(kind: type[R], row: Stored) -> R:
    stored = row._mapping if isinstance(row, Row) else row
    return kind(**{f.name: stored[f.name] for f in fields(kind)})


def records(kind: type[R], rows: Iterable[Stored]) -> list[R]:
    return [record(kind, row) for row in rows]
