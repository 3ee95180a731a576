"""Which clock a page shows: the reader's institute's time zone, else the deployment's
default, else UTC. Pure: no I/O.

Zones are IANA names ("Asia/Jerusalem"); anything `zoneinfo` does not know falls through to
the next choice when reading, and is refused when set.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from babel.core import get_global
from babel.dates import get_timezone_location

UTC_NAME = "UTC"
# CLDR's territory of zones that lie in no country (UTC, Etc/GMT+5): Babel names them
# "Unknown Region (GMT+5) Time", which the IANA id says better.
NO_PLACE = frozenset({"ZZ", "001"})


def known_zone(name: str | None) -> ZoneInfo | None:
    """The zone of an IANA name, or None for anything that is not one."""
    if not name or len(name) > 64 or name.startswith(("/", ".")) or ".." in name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def resolve_zone(*, institute: str | None = None, fallback: str | None = None) -> ZoneInfo:
    """The first known of: the institute's zone, the deployment's default, UTC."""
    for name in (institute, fallback):
        zone = known_zone(name)
        if zone is not None:
            return zone
    return ZoneInfo(UTC_NAME)


def zone_names() -> list[str]:
    """The zones a person may choose, sorted (for a form's list)."""
    return sorted(available_timezones())


def zone_place(name: str, language: str) -> str:
    """The zone by its place in `language` (Babel: "tijd in Nederland", "שעון ישראל"); its
    IANA id where CLDR places it nowhere or does not know it."""
    canonical = get_global("zone_aliases").get(name, name)
    if get_global("zone_territories").get(canonical, "ZZ") in NO_PLACE:
        return name
    try:
        return str(get_timezone_location(ZoneInfo(name), locale=language))
    except (LookupError, ValueError):
        return name


@cache
def zone_choices(language: str) -> tuple[tuple[str, str], ...]:
    """Each zone a person may choose, (IANA id, its place in `language`), sorted by place.
    A place two zones share (an old alias, Asia/Tel_Aviv beside Asia/Jerusalem) is followed
    by the id, so every choice reads differently."""
    places = {name: zone_place(name, language) for name in zone_names()}
    shared = Counter(places.values())
    shown = {
        name: place if shared[place] == 1 or place == name else f"{place} ({name})"
        for name, place in places.items()
    }
    return tuple(sorted(shown.items(), key=lambda choice: (choice[1].casefold(), choice[0])))


def in_zone(moment: datetime, zone: ZoneInfo) -> datetime:
    """The moment on the zone's clock; a naive moment counts as UTC (how the portal stores)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(UTC_NAME))
    return moment.astimezone(zone)
