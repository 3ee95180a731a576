"""A fidelity indicator's reason: one whole sentence (a message marked N_) and its parameters,
so each page can show it in its reader's language. The read model stores both, and the
English sentence for readers without a catalog.

How a parameter is shown follows its name (`kind`): shares are fractions shown as percentages,
days are ISO dates (one, or several joined by ", ") shown the locale's way, codes are stored
codes shown by their word, other numbers as numbers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

Param = str | int | float
DAYS_JOINED_BY = ", "


class ParamKind(StrEnum):
    SHARE = "share"
    DAY = "day"
    CODE = "code"
    NUMBER = "number"
    TEXT = "text"


def kind(key: str, value: Param) -> ParamKind:
    if key.endswith("_share"):
        return ParamKind.SHARE
    if key.endswith("_on"):
        return ParamKind.DAY
    if key.endswith("_code"):
        return ParamKind.CODE
    return ParamKind.NUMBER if isinstance(value, int | float) else ParamKind.TEXT


def _english(key: str, value: Param) -> str:
    if kind(key, value) is ParamKind.SHARE:
        return f"{float(value):.0%}"
    return str(value)


@dataclass(frozen=True)
class Reason:
    template: str
    params: dict[str, Param] = field(default_factory=dict)

    def english(self) -> str:
        """The sentence in English, as the read model keeps it beside the template."""
        if not self.params:
            return self.template
        return self.template % {k: _english(k, v) for k, v in self.params.items()}


def days(moments: Iterable[date]) -> str:
    """One or several days as one parameter (ISO dates joined), for a `*_on` key."""
    return DAYS_JOINED_BY.join(f"{m:%Y-%m-%d}" for m in moments)
