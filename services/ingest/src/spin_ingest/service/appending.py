"""What a PATCH (or a creation with its first bytes) brings: its tus headers and its body."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Protocol


class Body(Protocol):
    """A request body; `interrupted` is True when the client went away before its end."""

    interrupted: bool

    def __aiter__(self) -> AsyncIterator[bytes]: ...


@dataclass(frozen=True)
class PatchRequest:
    offset: str | None
    length: str | None
    checksum: str | None
