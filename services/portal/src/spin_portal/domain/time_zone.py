"""Which clock a page shows: the reader's institute's time zone, else the deployment's
default, else UTC. Pure: no I/O.

Zones are IANA names ("Asia/Jerusalem"); anything `zoneinfo` does not know falls through to
the next choice when reading, and is refused when set.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

UTC_NAME = "UTC"


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


def in_zone(moment: datetime, zone: ZoneInfo) -> datetime:
    """The moment on the zone's clock; a naive moment counts as UTC (how the portal stores)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(UTC_NAME))
    return moment.astimezone(zone)
