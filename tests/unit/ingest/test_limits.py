"""The 429 of a full site names how many slots free up when."""

from datetime import UTC, datetime, timedelta

from spin_ingest.api.refusals import headers_of, status_of
from spin_ingest.domain.limits import OpenSlot, site_is_full

NOW = datetime(2026, 4, 14, 9, 0, 0, tzinfo=UTC)


def test_slots_held_by_uploads_with_bytes_name_no_time() -> None:
    refused = site_is_full("site-1", [OpenSlot(True, NOW + timedelta(hours=20))], NOW)
    assert status_of(refused) == 429
    assert refused.message == (
        "site site-1 already has 1 unfinished uploads, the most it may have at once; finish or "
        "cancel some first"
    )
    assert headers_of(refused) == {"Retry-After": "60"}


def test_unstarted_uploads_say_how_many_slots_free_up_when() -> None:
    held = [
        OpenSlot(True, NOW + timedelta(hours=20)),
        OpenSlot(False, NOW + timedelta(minutes=9)),
        OpenSlot(False, NOW + timedelta(minutes=2, seconds=30)),
    ]
    refused = site_is_full("site-1", held, NOW)
    assert refused.message.endswith(
        "; 2 slots free up between 09:02:30 UTC and 09:09:00 UTC, when uploads that never "
        "received a byte expire"
    )
    assert headers_of(refused) == {"Retry-After": "150"}
