"""An indicator's reason in the reader's language: its message translated, its parameters
formatted the locale's way (domain.reasons names how each is shown); a counted reason in the
form the language's plural rule picks for its count (ngettext). Rows computed before the read
model kept templates show their stored English text, rows from before plurals (0011) their one
template."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from spin_portal.domain.reasons import (
    DAYS_JOINED_BY,
    Param,
    ParamKind,
    Reason,
    counted_noun,
    kind,
)
from spin_portal.web.failure_words import failure_words
from spin_portal.web.i18n import gettext, ngettext, number, percent, when_date
from spin_portal.web.words import word


def _shown(key: str, value: Param) -> str:
    if isinstance(value, dict):  # a failure: its code and values, its English words beside
        english = str(value.get("reason") or "")
        return failure_words(value, english) or english
    return _value(key, value)


def _value(key: str, value: str | int | float) -> str:
    shown_as = kind(key, value)
    forms = counted_noun(key)
    if shown_as is ParamKind.COUNTED and forms is not None:
        count = int(value)
        return ngettext(*forms, count, num=number(count))
    if shown_as is ParamKind.SHARE:
        return percent(float(value))
    if shown_as is ParamKind.DAY:
        return DAYS_JOINED_BY.join(when_date(day) for day in str(value).split(DAYS_JOINED_BY))
    if shown_as is ParamKind.CODE:
        return word(value)
    if isinstance(value, int | float):  # a number that is not a share
        return number(value, 0 if float(value).is_integer() else 1)
    return value


def reason_text(
    template: str | None,
    params: Mapping[str, Param] | None,
    stored: str,
    plural: str | None = None,
    count_key: str | None = None,
) -> str:
    if not template:
        return stored
    values: dict[str, Any] = {k: _shown(k, v) for k, v in (params or {}).items()}
    count = (params or {}).get(count_key or "")
    if plural and isinstance(count, int):
        return ngettext(template, plural, count, **values)
    return gettext(template, **values)


def shown_reason(reason: Reason) -> str:
    """A reason as computed, as its reader reads it."""
    return reason_text(
        reason.template, reason.params, reason.english(), reason.plural, reason.count_key
    )


def row_reason(row: Any) -> str:
    """The reason of a `case_indicators` row, as its reader reads it."""
    return reason_text(
        row.reason_template,
        row.reason_params,
        row.reason,
        row.reason_plural,
        row.reason_count_key,
    )
