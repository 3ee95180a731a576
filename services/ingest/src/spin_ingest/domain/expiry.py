"""When an upload is abandoned."""

from __future__ import annotations

from datetime import datetime, timedelta


def expires_at(last_activity: datetime, expiry_hours: float) -> datetime:
    """An upload expires `expiry_hours` after the last bytes (or its creation)."""
    return last_activity + timedelta(hours=expiry_hours)


def is_expired(expires: datetime, now: datetime) -> bool:
    return now >= expires
