"""Cutting a byte stream into S3 multipart parts of one fixed size.

S3 wants every part but the last to be at least 5 MiB, so bytes that do not fill a part at the
end of a request become the *tail*, kept durably and put back in front of the next request.
Received chunks are kept as a list and joined once per part, so a part costs one copy and the
buffer never holds more than a part plus one chunk.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field


@dataclass
class PartBuffer:
    """Bytes received but not yet in a stored part; `start` is the file offset of the first."""

    part_size: int
    start: int
    _chunks: deque[bytes] = field(default_factory=deque)
    _size: int = 0

    @property
    def pending(self) -> int:
        return self._size

    @property
    def end(self) -> int:
        return self.start + self._size

    def add(self, data: bytes) -> None:
        self._chunks.append(data)
        self._size += len(data)

    def has_full_part(self) -> bool:
        return self._size >= self.part_size

    def cut_part(self) -> bytes:
        """Remove and return the next full part (call only when `has_full_part()`)."""
        return self._cut(self.part_size)

    def cut_rest(self) -> bytes:
        """Remove and return everything left (the last part of a file, or a tail)."""
        return self._cut(self._size)

    def _cut(self, size: int) -> bytes:
        taken: list[bytes] = []
        used = 0
        while used < size:
            chunk = self._chunks.popleft()
            if used + len(chunk) > size:
                keep = used + len(chunk) - size
                self._chunks.appendleft(chunk[-keep:])
                chunk = chunk[:-keep]
            taken.append(chunk)
            used += len(chunk)
        self._size -= size
        self.start += size
        return b"".join(taken)
