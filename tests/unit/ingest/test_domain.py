"""Pure ingest rules: metadata, containers, tus headers, parts and expiry."""

from __future__ import annotations

import base64
import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from spin_ingest.adapters.parts import PartBuffer
from spin_ingest.api.refusals import status_of
from spin_ingest.domain import container, expiry, metadata, protocol
from spin_ingest.domain.consent import Consent, ConsentState
from spin_ingest.domain.container import Container
from spin_ingest.domain.refusals import RefusalError

NOW = datetime(2025, 6, 1, 12, tzinfo=UTC)
GOOD = {
    "case_code": "C-2025-001",
    "site": "site-1",
    "filming_session_id": "s-1",
    "filmed_at": "2025-05-31T10:00:00+02:00",
    "filename": "bedtime.MTS",
}


def test_metadata_round_trips_through_the_header() -> None:
    values = metadata.parse_header(metadata.encode_header(GOOD))
    assert metadata.validate(values).case_code == "C-2025-001"


def test_unknown_metadata_keys_from_browsers_are_ignored() -> None:
    assert metadata.validate({**GOOD, "filetype": "video/mp4"}).filename == "bedtime.MTS"


def test_a_declared_digest_is_normalised_to_lower_case() -> None:
    assert metadata.validate({**GOOD, "sha256": "AB" * 32}).sha256 == "ab" * 32


@pytest.mark.parametrize(
    "field", ["case_code", "site", "filming_session_id", "filmed_at", "filename"]
)
def test_a_missing_field_is_named(field: str) -> None:
    with pytest.raises(metadata.InvalidMetadataError, match=f"'{field}' is missing"):
        metadata.validate({k: v for k, v in GOOD.items() if k != field})


def test_bad_base64_names_its_key() -> None:
    with pytest.raises(metadata.InvalidMetadataError, match="'device'"):
        metadata.parse_header("device ***")


def _ts(packet: int, offset: int) -> bytes:
    data = bytearray(packet * 4)
    for n in range(4):
        data[offset + n * packet] = 0x47
    return bytes(data)


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"\x00\x00\x00\x20ftypisom" + bytes(600), Container.MP4),
        (b"\x00\x00\x00\x14ftypqt  " + bytes(600), Container.MOV),
        (b"\x00\x00\x00\x08wide" + bytes(600), Container.MOV),
        (b"RIFF\x00\x00\x00\x00AVI LIST" + bytes(600), Container.AVI),
        (b"\x1a\x45\xdf\xa3" + bytes(600), Container.MATROSKA),
        (_ts(188, 0), Container.MPEGTS),
        (_ts(192, 4), Container.MPEGTS),
        (b"\xff\xd8\xff\xe0" + bytes(600), None),
        (b"GIF89a" + bytes(600), None),
        (b"Good morning, this is text" * 30, None),
    ],
)
def test_containers_are_sniffed_from_their_first_bytes(
    head: bytes, expected: Container | None
) -> None:
    assert container.sniff(head[: container.SNIFF_BYTES]) == expected


def test_sniffing_waits_for_enough_bytes_unless_the_file_is_complete() -> None:
    assert not container.can_decide(b"\x00" * 10, complete=False)
    assert container.can_decide(b"\x00" * 10, complete=True)


def test_the_version_header_is_required() -> None:
    with pytest.raises(RefusalError) as refused:
        protocol.require_version(None)
    assert status_of(refused.value) == 412


@pytest.mark.parametrize(
    ("length", "defer", "status"),
    [
        (None, None, 400),
        ("-1", None, 400),
        ("abc", None, 400),
        ("101", None, 413),
        ("0", None, 415),
    ],
)
def test_creation_lengths_are_checked(length: str | None, defer: str | None, status: int) -> None:
    with pytest.raises(RefusalError) as refused:
        protocol.creation_length(length, defer, max_bytes=100)
    assert status_of(refused.value) == status


def test_a_deferred_length_is_none_until_known() -> None:
    assert protocol.creation_length(None, "1", 100) is None
    assert protocol.late_length("50", None, 10, 100) == 50
    with pytest.raises(RefusalError):
        protocol.late_length("5", None, 10, 100)
    with pytest.raises(RefusalError):
        protocol.late_length("60", 50, 10, 100)


def test_an_offset_must_match_exactly() -> None:
    assert protocol.client_offset("7", 7) == 7
    with pytest.raises(RefusalError) as refused:
        protocol.client_offset("8", 7)
    assert status_of(refused.value) == 409


def test_chunk_checksums_verify_sha256() -> None:
    digest = base64.b64encode(hashlib.sha256(b"abc").digest()).decode()
    good = protocol.ChunkChecksum(f"sha256 {digest}")
    good.update(b"abc")
    good.verify()
    bad = protocol.ChunkChecksum(f"sha256 {digest}")
    bad.update(b"abd")
    with pytest.raises(RefusalError) as refused:
        bad.verify()
    assert status_of(refused.value) == 460
    with pytest.raises(RefusalError):
        protocol.ChunkChecksum("sha1 AAAA")


def test_a_buffer_fills_whole_parts_and_keeps_the_tail() -> None:
    buffer = PartBuffer(part_size=4, start=8)
    data = memoryview(b"abcdefghij")
    assert buffer.add(data) == 4
    assert buffer.has_full_part()
    first = buffer.cut()
    assert bytes(first) == b"abcd"
    assert buffer.start == 12
    assert buffer.add(data[4:]) == 4
    second = buffer.cut()
    assert bytes(second) == b"efgh"
    assert buffer.add(data[8:]) == 2
    assert not buffer.has_full_part()
    assert bytes(buffer.cut()) == b"ij"
    assert buffer.end == 18


def test_a_buffer_reuses_a_stored_part_for_the_next_one() -> None:
    buffer = PartBuffer(part_size=4, start=0)
    buffer.add(memoryview(b"abcd"))
    stored = buffer.cut()
    storage = stored.obj
    buffer.give_back(stored)
    buffer.add(memoryview(b"efgh"))
    again = buffer.cut()
    assert again.obj is storage
    assert bytes(again) == b"efgh"


def test_uploads_expire_after_the_configured_pause() -> None:
    expires = expiry.expires_at(NOW, 24)
    assert not expiry.is_expired(expires, NOW + timedelta(hours=23))
    assert expiry.is_expired(expires, NOW + timedelta(hours=24))


def test_consent_is_valid_only_while_granted_and_not_withdrawn() -> None:
    day = timedelta(days=1)
    assert ConsentState.of([(NOW - day, None, None)], NOW).consent is Consent.VALID
    assert ConsentState.of([(NOW - day, NOW - day / 2, None)], NOW).consent is Consent.NONE
    assert ConsentState.of([(NOW + day, None, None)], NOW).consent is Consent.NONE
    assert ConsentState.of([(NOW - day, None, NOW - day / 2)], NOW).consent is Consent.WITHDRAWN
    assert ConsentState.of([], NOW).consent is Consent.NONE
