"""A fidelity indicator's reason: one whole sentence (a message marked N_) and its parameters,
so each page can show it in its reader's language. The read model stores both, and the
English sentence for readers without a catalog.

How a parameter is shown follows its name (`kind`): shares are fractions shown as percentages,
days are ISO dates (one, or several joined by ", ") shown the locale's way, codes are stored
codes shown by their word, a number of days or minutes (`*_days`, `*_minutes`: a threshold in a
sentence counted by another number) with its noun by the language's plural rule, a failure (a
mapping: footage.failed's code and values, its English words under "reason") in the reader's
words, other numbers as numbers.

A reason whose wording follows a number is counted: a singular and a plural sentence (marked
Nn_, so extraction makes them one plural entry) and the key of the parameter that is the
count; each language picks its form by its own rule, English by ngettext's (1 is singular).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from spin_portal.domain.outcomes import Nn_

Param = str | int | float | dict[str, Any]
DAYS_JOINED_BY = ", "
# A number with its noun, by the key's ending: one message each, so "1 day" reads right.
COUNTED_NOUNS = {
    "_days": Nn_("%(num)s day", "%(num)s days"),
    "_minutes": Nn_("%(num)s minute", "%(num)s minutes"),
    "_hours": Nn_("%(num)s hour", "%(num)s hours"),
}


class ParamKind(StrEnum):
    SHARE = "share"
    DAY = "day"
    CODE = "code"
    COUNTED = "counted"
    FAILURE = "failure"
    NUMBER = "number"
    TEXT = "text"


def counted_noun(key: str) -> tuple[str, str] | None:
    """The singular and plural of the noun a `*_days`, `*_minutes` or `*_hours` key counts."""
    return next((forms for end, forms in COUNTED_NOUNS.items() if key.endswith(end)), None)


def kind(key: str, value: Param) -> ParamKind:
    if isinstance(value, dict):
        return ParamKind.FAILURE
    if isinstance(value, int) and counted_noun(key) is not None:
        return ParamKind.COUNTED
    if key.endswith("_share"):
        return ParamKind.SHARE
    if key.endswith("_on"):
        return ParamKind.DAY
    if key.endswith("_code"):
        return ParamKind.CODE
    return ParamKind.NUMBER if isinstance(value, int | float) else ParamKind.TEXT


def _english(key: str, value: Param) -> str:
    shown_as = kind(key, value)
    if isinstance(value, dict):
        return str(value.get("reason") or "")
    if shown_as is ParamKind.SHARE:
        return f"{float(value):.0%}"
    forms = counted_noun(key)
    if shown_as is ParamKind.COUNTED and forms is not None:
        return (forms[0] if value == 1 else forms[1]) % {"num": value}
    return str(value)


@dataclass(frozen=True)
class Reason:
    template: str  # the sentence, or a counted reason's singular
    params: dict[str, Param] = field(default_factory=dict)
    plural: str | None = None
    count_key: str | None = None

    def __post_init__(self) -> None:
        if (self.plural is None) != (self.count_key is None):
            raise ValueError("a counted reason needs both its plural and its count's key")
        if self.count_key is not None and not isinstance(self.params.get(self.count_key), int):
            raise ValueError(f"the count {self.count_key!r} is not a whole number parameter")

    @classmethod
    def counted(cls, forms: tuple[str, str], count_key: str, params: dict[str, Param]) -> Reason:
        """A reason worded by the number `params[count_key]` (`forms` from Nn_)."""
        singular, plural = forms
        return cls(singular, params, plural=plural, count_key=count_key)

    def english_template(self) -> str:
        if self.plural is None or self.count_key is None:
            return self.template
        return self.template if self.params[self.count_key] == 1 else self.plural

    def english(self) -> str:
        """The sentence in English, as the read model keeps it beside the template."""
        if not self.params:
            return self.template
        return self.english_template() % {k: _english(k, v) for k, v in self.params.items()}


def days(moments: Iterable[date]) -> str:
    """One or several days as one parameter (ISO dates joined), for a `*_on` key."""
    return DAYS_JOINED_BY.join(f"{m:%Y-%m-%d}" for m in moments)
