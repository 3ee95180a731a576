"""Footage in object storage: presigned reads for ffmpeg, uploads of finished outputs."""

from __future__ import annotations

import asyncio
import mimetypes
from datetime import timedelta
from pathlib import Path

from minio import Minio
from minio.error import S3Error

MISSING = frozenset({"NoSuchKey", "NoSuchBucket"})
mimetypes.add_type("text/vtt", ".vtt")


class SourceMissingError(LookupError):
    """The uploaded object is not in storage (deleted, or the event points at nothing)."""


class FootageStore:
    def __init__(self, s3: Minio, url_expiry_s: int) -> None:
        self.s3 = s3
        self.url_expiry = timedelta(seconds=url_expiry_s)

    async def readable_url(self, bucket: str, key: str) -> str:
        """A presigned GET URL (ffmpeg reads by HTTP range); fails fast if the object is gone.

        Storage being away raises the SDK's connection error: a transient failure.
        """
        try:
            await asyncio.to_thread(self.s3.stat_object, bucket, key)
        except S3Error as error:
            if error.code in MISSING:
                raise SourceMissingError(f"{bucket}/{key}") from error
            raise
        return self.s3.presigned_get_object(bucket, key, expires=self.url_expiry)

    async def upload(self, bucket: str, key: str, path: Path) -> int:
        """Put a local file (streamed, multipart when large); return its size."""
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        await asyncio.to_thread(self.s3.fput_object, bucket, key, str(path), content_type)
        return (await asyncio.to_thread(path.stat)).st_size
