"""A local journal of uploads, so a restarted `spin-upload` resumes instead of starting over.

One JSON file; every change is written to a temporary file and renamed over it (atomic).
A file is known by its absolute path, size and modification time.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

from pydantic import BaseModel


class Entry(BaseModel):
    size: int
    mtime_ns: int
    sha256: str | None = None
    url: str | None = None
    done: bool = False
    footage_id: str | None = None


class Journal:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        raw = json.loads(path.read_text()) if path.exists() else {}
        self._entries = {key: Entry.model_validate(value) for key, value in raw.items()}

    def entry(self, file: Path) -> Entry:
        """The journal's entry for `file`, fresh when the file changed since it was written."""
        stat = file.stat()
        with self._lock:
            known = self._entries.get(str(file.resolve()))
        if known and known.size == stat.st_size and known.mtime_ns == stat.st_mtime_ns:
            return known
        return Entry(size=stat.st_size, mtime_ns=stat.st_mtime_ns)

    def save(self, file: Path, entry: Entry) -> None:
        with self._lock:
            self._entries[str(file.resolve())] = entry
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_suffix(".tmp")
            temporary.write_text(
                json.dumps({k: v.model_dump() for k, v in self._entries.items()}, indent=1)
            )
            os.replace(temporary, self.path)
