"""Cutting a byte stream into S3 multipart parts of one fixed size.

S3 wants every part but the last to be at least 5 MiB, so bytes that do not fill a part at the
end of a request become the *tail*, kept durably and put back in front of the next request.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class PartBuffer:
    """Bytes received but not yet in a stored part; `start` is the file offset of the first."""

    part_size: int
    start: int
    pending: bytearray = field(default_factory=bytearray)

    @property
    def end(self) -> int:
        return self.start + len(self.pending)

    def add(self, data: bytes) -> None:
        self.pending += data

    def has_full_part(self) -> bool:
        return len(self.pending) >= self.part_size

    def cut_part(self) -> bytes:
        """Remove and return the next full part (call only when `has_full_part()`)."""
        part = bytes(self.pending[: self.part_size])
        del self.pending[: self.part_size]
        self.start += len(part)
        return part

    def cut_rest(self) -> bytes:
        """Remove and return everything left (the last part of a file, or a tail)."""
        rest = bytes(self.pending)
        self.start += len(rest)
        self.pending.clear()
        return rest
