"""tus 1.0 header rules: versions, lengths, offsets and the checksum extension."""

from __future__ import annotations

import base64
import binascii
import hashlib
from datetime import datetime
from email.utils import format_datetime

from spin_ingest.domain.refusals import Refusal, RefusalError, offset_mismatch

TUS_VERSION = "1.0.0"
EXTENSIONS = (
    "creation",
    "creation-with-upload",
    "creation-defer-length",
    "termination",
    "expiration",
    "checksum",
)
CHECKSUM_ALGORITHMS = ("sha256",)
OFFSET_OCTET_STREAM = "application/offset+octet-stream"


def require_version(header: str | None) -> None:
    if header != TUS_VERSION:
        raise RefusalError(
            Refusal.UNSUPPORTED_VERSION,
            "this server speaks tus %(version)s; send Tus-Resumable: %(version)s",
            version=TUS_VERSION,
        )


def _non_negative(name: str, value: str) -> int:
    if not value.isdigit():
        raise RefusalError(
            Refusal.MALFORMED,
            "%(header)s must be a non-negative whole number of bytes",
            header=name,
        )
    return int(value)


def creation_length(length: str | None, defer: str | None, max_bytes: int) -> int | None:
    """The declared Upload-Length, or None when the client defers it (Upload-Defer-Length: 1)."""
    if length is None:
        if defer != "1":
            raise RefusalError(
                Refusal.MALFORMED, "send Upload-Length, or Upload-Defer-Length: 1 if it is unknown"
            )
        return None
    declared = _non_negative("Upload-Length", length)
    check_within_limit(declared, max_bytes)
    if declared == 0:
        raise RefusalError(Refusal.UNSUPPORTED_MEDIA, "an empty file is not a video")
    return declared


def check_within_limit(size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise RefusalError(
            Refusal.TOO_LARGE, "files larger than %(limit)s bytes are not accepted", limit=max_bytes
        )


def client_offset(header: str | None, server_offset: int) -> int:
    if header is None:
        raise RefusalError(Refusal.MALFORMED, "send Upload-Offset with every PATCH")
    offset = _non_negative("Upload-Offset", header)
    if offset != server_offset:
        raise offset_mismatch(offset, server_offset)
    return offset


def late_length(header: str | None, known: int | None, offset: int, max_bytes: int) -> int | None:
    """Upload-Length sent on a PATCH of an upload that deferred it."""
    if header is None:
        return known
    length = _non_negative("Upload-Length", header)
    if known is not None and known != length:
        raise RefusalError(Refusal.MALFORMED, "Upload-Length cannot change once it is known")
    check_within_limit(length, max_bytes)
    if length < offset:
        raise RefusalError(
            Refusal.MALFORMED,
            "Upload-Length %(length)s is below the bytes already received",
            length=length,
        )
    return length


class ChunkChecksum:
    """The Upload-Checksum of one request body, verified once the body has been read."""

    def __init__(self, header: str) -> None:
        algorithm, _, encoded = header.strip().partition(" ")
        if algorithm not in CHECKSUM_ALGORITHMS:
            raise RefusalError(
                Refusal.MALFORMED,
                "checksum algorithm '%(algorithm)s' is not supported; use sha256",
                algorithm=algorithm,
            )
        try:
            self.expected = base64.b64decode(encoded, validate=True)
        except binascii.Error as error:
            raise RefusalError(
                Refusal.MALFORMED, "Upload-Checksum must be 'sha256 <base64 digest>'"
            ) from error
        self._hasher = hashlib.sha256()

    @classmethod
    def from_header(cls, header: str | None) -> ChunkChecksum | None:
        return cls(header) if header else None

    def update(self, data: bytes | memoryview) -> None:
        self._hasher.update(data)

    def verify(self) -> None:
        if self._hasher.digest() != self.expected:
            raise RefusalError(
                Refusal.CHECKSUM_MISMATCH,
                "the chunk's sha256 does not match Upload-Checksum; "
                "it was discarded, send it again",
            )


def http_date(moment: datetime) -> str:
    return format_datetime(moment, usegmt=True)
