"""What a person is told when their site upload token was revoked."""

from __future__ import annotations

from datetime import UTC, datetime


def revoked_token_message(revoked_at: datetime) -> str:
    when = revoked_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"this upload token was revoked on {when}; ask your agency admin for a new one "
        "(uploads already started can be resumed with it)"
    )
