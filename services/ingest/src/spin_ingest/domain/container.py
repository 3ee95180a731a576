"""Recognise a video container from its first bytes; anything else is refused (415)."""

from __future__ import annotations

from enum import StrEnum

TS_PACKET = 188
M2TS_PACKET = 192  # AVCHD .MTS: a 4-byte timecode before every transport packet
SNIFF_BYTES = 3 * M2TS_PACKET
QUICKTIME_BRANDS = frozenset({b"qt  "})
QUICKTIME_ATOMS = frozenset({b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"})
EBML_MAGIC = b"\x1a\x45\xdf\xa3"


class Container(StrEnum):
    MP4 = "mp4"
    MOV = "mov"
    MPEGTS = "mpegts"
    AVI = "avi"
    MATROSKA = "matroska"


def _transport_stream(head: bytes, packet: int, sync_at: int) -> bool:
    """Three sync bytes one packet apart: a lone 'G' (0x47) starts plenty of text files."""
    syncs = [sync_at + n * packet for n in range(3)]
    return len(head) > syncs[-1] and all(head[i] == 0x47 for i in syncs)


def sniff(head: bytes) -> Container | None:
    """The container `head` (the file's first bytes, up to SNIFF_BYTES) starts, if any."""
    if head[4:8] == b"ftyp":
        return Container.MOV if head[8:12] in QUICKTIME_BRANDS else Container.MP4
    if head[4:8] in QUICKTIME_ATOMS:
        return Container.MOV
    if head[:4] == b"RIFF" and head[8:12] == b"AVI ":
        return Container.AVI
    if head[:4] == EBML_MAGIC:
        return Container.MATROSKA
    if _transport_stream(head, TS_PACKET, 0) or _transport_stream(head, M2TS_PACKET, 4):
        return Container.MPEGTS
    return None


def can_decide(head: bytes, complete: bool) -> bool:
    """Whether `head` holds enough of the file to sniff it now."""
    return complete or len(head) >= SNIFF_BYTES
