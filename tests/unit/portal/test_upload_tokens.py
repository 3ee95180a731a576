"""Revocations name the portal account by an opaque id, never by its username."""

from datetime import UTC, datetime

from spin_contracts.events.directory import UploadTokenRevoked
from spin_portal.service.upload_tokens import account_ref


def test_account_ids_are_stable_opaque_and_fit_the_event() -> None:
    ref = account_ref("s" * 40, "dana.reyes@harbor.example")
    assert ref == account_ref("s" * 40, "dana.reyes@harbor.example")
    assert ref != account_ref("s" * 40, "lee.okafor@harbor.example")
    assert ref != account_ref("t" * 40, "dana.reyes@harbor.example")
    assert "dana" not in ref
    event = UploadTokenRevoked(
        token_id="t-1",
        agency_id="harbor-family",
        site_id="boston-north",
        revoked_at=datetime(2026, 4, 1, tzinfo=UTC),
        revoked_by=ref,
    )
    assert event.partition_key() == "harbor-family"
