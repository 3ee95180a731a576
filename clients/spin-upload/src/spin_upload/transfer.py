"""Uploading one file over tus (tuspy), with sha256 chunk checksums, retries and backoff."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from spin_contracts.digest import file_sha256
from tusclient.client import TusClient
from tusclient.exceptions import TusCommunicationError, TusUploadFailed
from tusclient.uploader.uploader import Uploader

from spin_upload.journal import Entry, Journal

# Statuses worth another try: offset conflicts, locks, checksum mismatches, rate and outages.
RETRYABLE = frozenset({None, 408, 409, 423, 429, 460, 500, 502, 503, 504})


class Outcome(StrEnum):
    UPLOADED = "uploaded"
    ALREADY_STORED = "already stored"
    REFUSED = "refused"
    UNFINISHED = "unfinished"


@dataclass(frozen=True)
class Result:
    file: Path
    outcome: Outcome
    detail: str = ""


@dataclass(frozen=True)
class Options:
    server: str
    token: str
    site: str
    case_code: str | None
    session: str | None
    device: str | None
    chunk_bytes: int
    retries: int
    first_backoff_s: float


class Sha256Uploader(Uploader):
    """tuspy's uploader, sending Upload-Checksum with sha256 (tuspy's default is sha1)."""

    CHECKSUM_ALGORITHM_PAIR = ("sha256", hashlib.sha256)


def describe(file: Path, options: Options, sha256: str) -> dict[str, str]:
    """Upload-Metadata: case code from the option or the folder the file sits in."""
    filmed_at = datetime.fromtimestamp(file.stat().st_mtime, UTC)
    values = {
        "case_code": options.case_code or file.parent.name,
        "site": options.site,
        "filming_session_id": options.session or filmed_at.strftime("%Y%m%dT%H%M"),
        "filmed_at": filmed_at.isoformat(),
        "filename": file.name,
        "sha256": sha256,
    }
    if options.device:
        values["device"] = options.device
    return values


def _failure(error: Exception) -> tuple[int | None, str]:
    status = getattr(error, "status_code", None)
    content = getattr(error, "response_content", None)
    text = content.decode(errors="replace") if isinstance(content, bytes) else str(error)
    return status, text


class Transfer:
    def __init__(self, file: Path, options: Options, journal: Journal) -> None:
        self.file = file
        self.options = options
        self.journal = journal
        self.client = TusClient(
            options.server, headers={"Authorization": f"Bearer {options.token}"}
        )

    def run(self, progress: Callable[[int], None]) -> Result:
        entry = self.journal.entry(self.file)
        if entry.done:
            return Result(self.file, Outcome.ALREADY_STORED, "already uploaded (journal)")
        if entry.sha256 is None:
            entry = entry.model_copy(update={"sha256": file_sha256(self.file)})
            self.journal.save(self.file, entry)
        return self._with_retries(entry, progress)

    def _with_retries(self, entry: Entry, progress: Callable[[int], None]) -> Result:
        for attempt in range(self.options.retries + 1):
            try:
                return self._attempt(entry, progress)
            except (TusCommunicationError, TusUploadFailed) as error:
                status, text = _failure(error)
                if status not in RETRYABLE:
                    return Result(self.file, Outcome.REFUSED, f"{status}: {text}")
                if attempt == self.options.retries:
                    return Result(self.file, Outcome.UNFINISHED, f"{status}: {text}")
                time.sleep(self.options.first_backoff_s * 2**attempt)
                entry = self.journal.entry(self.file)
        return Result(self.file, Outcome.UNFINISHED)

    def _attempt(self, entry: Entry, progress: Callable[[int], None]) -> Result:
        assert entry.sha256 is not None
        uploader = self._uploader(entry)
        progress(uploader.offset)
        size = entry.size
        while uploader.offset < size:
            uploader.upload_chunk()  # type: ignore[no-untyped-call]
            progress(uploader.offset)
        headers: dict[str, Any] = uploader.request.response_headers if uploader.request else {}
        footage = headers.get("spin-footage-id")
        self.journal.save(self.file, entry.model_copy(update={"done": True, "footage_id": footage}))
        if headers.get("spin-duplicate-of"):
            return Result(
                self.file, Outcome.ALREADY_STORED, f"same file already stored as {footage}"
            )
        return Result(self.file, Outcome.UPLOADED, f"footage {footage}")

    def _uploader(self, entry: Entry) -> Sha256Uploader:
        assert entry.sha256 is not None
        metadata = describe(self.file, self.options, entry.sha256)
        settings: dict[str, Any] = {
            "file_path": str(self.file),
            "chunk_size": self.options.chunk_bytes,
            "metadata": metadata,
            "upload_checksum": True,
        }
        if entry.url:
            try:
                return Sha256Uploader(client=self.client, url=entry.url, **settings)
            except TusCommunicationError as error:
                if _failure(error)[0] not in {404, 410}:
                    raise
        uploader = Sha256Uploader(client=self.client, **settings)
        uploader.set_url(uploader.create_url())
        uploader.offset = 0
        self.journal.save(self.file, entry.model_copy(update={"url": uploader.url}))
        return uploader
