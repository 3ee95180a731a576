"""The sentence a person reads when their upload token was revoked."""

from datetime import datetime, timedelta, timezone

from spin_ingest.domain.revocation import revoked_token_message


def test_the_refusal_names_the_moment_in_utc_and_what_to_do() -> None:
    amsterdam = timezone(timedelta(hours=2))
    message = revoked_token_message(datetime(2026, 5, 1, 11, 15, tzinfo=amsterdam))
    assert message.startswith("this upload token was revoked on 2026-05-01 09:15 UTC;")
    assert "ask your agency admin for a new one" in message
