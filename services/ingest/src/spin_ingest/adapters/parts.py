"""Cutting a byte stream into S3 multipart parts of one fixed size.

S3 wants every part but the last to be at least 5 MiB, so bytes that do not fill a part at the
end of a request become the *tail*, kept durably and put back in front of the next request.

Received chunks are copied once, into a part-sized buffer; a cut hands that buffer out whole
(no join, no slice copies) and continues in another one. A part that was handed out is given
back once its bytes are sent (see `service.receiving`), so a request owns one part buffer more
than it is sending at a time, however long it is. The buffers are anonymous memory maps, not
bytearrays: malloc would carve them out of its heap, which keeps freed space and fragments from
request to request (the peak RSS then crept up with the number of uploads); a map is returned
to the system when dropped.
"""

from __future__ import annotations

import mmap
from dataclasses import dataclass, field


@dataclass
class PartBuffer:
    """Bytes received but not yet in a stored part; `start` is the file offset of the first."""

    part_size: int
    start: int
    _filling: mmap.mmap | None = field(default=None, init=False)
    _spares: list[mmap.mmap] = field(default_factory=list, init=False)
    _size: int = field(default=0, init=False)

    @property
    def pending(self) -> int:
        return self._size

    @property
    def end(self) -> int:
        return self.start + self._size

    def add(self, data: memoryview) -> int:
        """Copy as much of `data` as fits in the current part; returns how many bytes that was."""
        if self._filling is None:
            self._filling = self._spares.pop() if self._spares else mmap.mmap(-1, self.part_size)
        taken = min(len(data), self.part_size - self._size)
        self._filling[self._size : self._size + taken] = data[:taken]
        self._size += taken
        return taken

    def has_full_part(self) -> bool:
        return self._size == self.part_size

    def cut(self) -> memoryview:
        """Remove and return everything held (a full part, a file's last part or a tail).

        The view stays valid until it is passed to `give_back`.
        """
        filled = memoryview(self._filling or bytearray())[: self._size]
        self._filling = None
        self.start += self._size
        self._size = 0
        return filled

    def give_back(self, part: memoryview) -> None:
        """A cut part is stored: its buffer can take the next part."""
        buffer = part.obj
        part.release()
        if isinstance(buffer, mmap.mmap) and len(buffer) == self.part_size:
            self._spares.append(buffer)
