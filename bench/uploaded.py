"""The footage.uploaded a transcode bench announces in ingest's name, for a file it put."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

from spin_contracts.digest import file_sha256
from spin_contracts.events.footage import FootageUploaded

BENCH_CASE = "BENCH-0001"


def footage_uploaded(
    footage_id: UUID, bucket: str, key: str, source: Path, case_code: str = BENCH_CASE
) -> FootageUploaded:
    """Read the whole file (its digest): callers on an event loop run it in a thread."""
    now = datetime.now(UTC)
    return FootageUploaded(
        footage_id=footage_id,
        case_code=case_code,
        filming_session_id="bench",
        filmed_at=now,
        uploaded_at=now,
        bucket=bucket,
        object_key=key,
        size_bytes=source.stat().st_size,
        sha256=file_sha256(source),
        container="mp4",
    )
