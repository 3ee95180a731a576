"""Running whole-file sha256 hashes, kept in this process between requests.

hashlib's state cannot be saved to the database, so each replica keeps the hash of the uploads
it is receiving, tagged with the offset it has hashed up to. A request continues the hash only
when that offset equals the upload's durable offset. When the upload moved to another replica,
the process restarted, or a request failed half-way, there is no matching hash: the upload is
marked "hash unknown" and, at completion, the assembled object is streamed back from storage
and hashed there (S3 cannot read the parts of an unfinished multipart upload, so the finished
object is the first place the stored bytes can be read back). Correct either way; the fast path
costs nothing extra.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID


@dataclass
class _Running:
    offset: int
    hasher: Any  # hashlib's _Hash is not public
    touched: float


@dataclass
class RunningHashes:
    _by_upload: dict[UUID, _Running] = field(default_factory=dict)

    def resume(self, upload_id: UUID, offset: int) -> Any | None:
        """A copy of the hash of bytes [0, offset), or None when this process has none."""
        if offset == 0:
            return hashlib.sha256()
        running = self._by_upload.get(upload_id)
        if running is None or running.offset != offset:
            return None
        return running.hasher.copy()

    def keep(self, upload_id: UUID, offset: int, hasher: Any) -> None:
        self._by_upload[upload_id] = _Running(offset, hasher, time.monotonic())

    def forget(self, upload_id: UUID) -> None:
        self._by_upload.pop(upload_id, None)

    def forget_idle(self, idle_s: float) -> None:
        cutoff = time.monotonic() - idle_s
        for upload_id in [u for u, r in self._by_upload.items() if r.touched < cutoff]:
            del self._by_upload[upload_id]
