"""Page filters from the query string: a month range, a site, a practitioner."""

from __future__ import annotations

import re
from datetime import date

from fastapi import HTTPException, status

from spin_portal.domain.filters import Filters
from spin_portal.web.i18n import _

MONTH = re.compile(r"^(\d{4})-(\d{2})$")
ENTITY = re.compile(r"^[a-z0-9][a-z0-9-]{1,63}$")


def bad_filter(message: str) -> HTTPException:
    return HTTPException(status.HTTP_400_BAD_REQUEST, detail=message)


def _month(name: str, value: str | None) -> date | None:
    if not value:
        return None
    match = MONTH.match(value)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise bad_filter(
            _(
                "%(name)s must be a month written like 2026-01, not %(value)r",
                name=name,
                value=value[:20],
            )
        )
    return date(int(match.group(1)), int(match.group(2)), 1)


def _entity(name: str, value: str | None) -> str | None:
    if not value:
        return None
    if not ENTITY.match(value):
        raise bad_filter(
            _("%(name)s must be an id of lower-case letters, digits and dashes", name=name)
        )
    return value


def parse_filters(
    start: str | None, end: str | None, site: str | None, practitioner: str | None
) -> Filters:
    filters = Filters(
        _month("from", start),
        _month("to", end),
        _entity("site", site),
        _entity("practitioner", practitioner),
    )
    if filters.start and filters.end and filters.start > filters.end:
        raise bad_filter(_("the 'from' month must not be after the 'to' month"))
    return filters
