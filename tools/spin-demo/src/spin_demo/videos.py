"""Filming a test picture with ffmpeg and uploading it over ingest's public tus API."""

from __future__ import annotations

import asyncio
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

from tusclient.client import TusClient
from tusclient.exceptions import TusCommunicationError

CHUNK_BYTES = 4 * 1024 * 1024
NO_CONSENT_YET = 403
Report = Callable[[str], None]


@dataclass(frozen=True)
class VideoOptions:
    ingest_url: str
    count: int = 3
    shortest_s: int = 20
    longest_s: int = 40
    size: str = "640x360"
    accept_within_s: float = 120.0
    transcode_within_s: float = 600.0

    def seconds(self, index: int) -> int:
        spread = max(1, self.count - 1)
        return self.shortest_s + (self.longest_s - self.shortest_s) * index // spread


def film(folder: Path, index: int, seconds: int, size: str) -> Path:
    """A test picture with a tone as a camera would film it (H.264/AAC in MP4).

    Byte-identical on every run (a second demo run must find its files already uploaded):
    both inputs end by their own duration (`-shortest` cuts where the muxer happens to be) and
    x264 runs one thread (its threaded output varied under load; measured).
    """
    path = folder / f"DEMO_{index + 1:04d}.MP4"
    arguments = (
        f"-v error -y -f lavfi -t {seconds} -i testsrc2=size={size}:rate=25 "
        f"-f lavfi -t {seconds} -i sine=frequency={330 + 110 * index} "
        "-c:v libx264 -preset veryfast -threads 1 -pix_fmt yuv420p -c:a aac -fflags +bitexact"
    )
    subprocess.run(["ffmpeg", *arguments.split(), str(path)], check=True)
    return path


@dataclass(frozen=True)
class Uploaded:
    footage_id: UUID
    duplicate: bool


def tus_upload(url: str, headers: dict[str, str], path: Path, metadata: dict[str, str]) -> Uploaded:
    """Stream `path` to a tus server in chunks (blocking: run it in a thread)."""
    client = TusClient(f"{url.rstrip('/')}/files/", headers=headers)
    uploader = client.uploader(file_path=str(path), chunk_size=CHUNK_BYTES, metadata=metadata)
    uploader.upload()
    assert uploader.request is not None
    answer = {k.lower(): v for k, v in uploader.request.response_headers.items()}
    duplicate_of = answer.get("spin-duplicate-of")
    return Uploaded(UUID(duplicate_of or answer["spin-footage-id"]), duplicate_of is not None)


async def upload_once_consent_is_known(
    options: VideoOptions,
    headers: dict[str, str],
    path: Path,
    metadata: dict[str, str],
    report: Report,
) -> Uploaded:
    """Ingest learns consents from Kafka: it may still answer 403 just after the grant."""
    deadline = time.monotonic() + options.accept_within_s
    while True:
        try:
            return await asyncio.to_thread(tus_upload, options.ingest_url, headers, path, metadata)
        except TusCommunicationError as error:
            if error.status_code != NO_CONSENT_YET or time.monotonic() > deadline:
                raise
            report("  ingest has not learnt the filming consent yet; retrying")
            await asyncio.sleep(2)
