"""What a person is told when their site upload token was revoked."""

from __future__ import annotations

from datetime import UTC, datetime

from spincore.i18n import N_

REVOKED = N_(
    "this upload token was revoked on %(when)s; ask your agency admin for a new one "
    "(uploads already started can be resumed with it)"
)


def revoked_values(revoked_at: datetime) -> dict[str, object]:
    return {"when": revoked_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")}


def revoked_token_message(revoked_at: datetime) -> str:
    """The English sentence (the API answers `REVOKED` in the reader's language)."""
    return REVOKED % revoked_values(revoked_at)
