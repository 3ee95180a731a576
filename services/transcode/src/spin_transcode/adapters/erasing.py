"""Removing footage from object storage through the S3 API only: list by prefix, delete in
batches (DeleteObjects, 1,000 keys a request), abort unfinished multipart uploads.

Every call is idempotent: deleting a key that is gone succeeds, aborting an upload that is gone
is fine, so a job interrupted anywhere can simply be run again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

from minio import Minio
from minio.deleteobjects import DeleteObject
from minio.error import S3Error

T = TypeVar("T")
GONE = frozenset({"NoSuchUpload", "NoSuchKey"})
LISTING_THREADS = 8  # listings are small round trips; a few at once hide their latency


@dataclass(frozen=True)
class Found:
    key: str
    size_bytes: int
    upload_id: str | None = None  # set for an unfinished multipart upload


class StorageEraser:
    def __init__(self, s3: Minio) -> None:
        self.s3 = s3
        self._threads = ThreadPoolExecutor(LISTING_THREADS, thread_name_prefix="erasing")

    async def _call(self, function: Callable[..., T], *args: object) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._threads, function, *args)

    async def find(self, bucket: str, prefixes: list[str], raw_key: str | None) -> list[Found]:
        """Every object under `prefixes`; the camera file `raw_key` and its unfinished
        multipart uploads. The camera file is looked up by its key, not listed: its folder
        holds every camera file of the site, which a listing would walk."""
        listings = [self._call(self._list, bucket, prefix) for prefix in prefixes]
        if raw_key:
            listings.append(self._call(self._stat, bucket, raw_key))
            listings.append(self._call(self._multipart, bucket, raw_key))
        found: list[Found] = []
        for listed in await asyncio.gather(*listings):
            found += listed
        return found

    async def remove(self, bucket: str, found: Iterable[Found]) -> list[str]:
        """Abort the uploads and delete the objects; the keys that could not be removed."""
        found = list(found)
        uploads = [item for item in found if item.upload_id]
        await asyncio.gather(*(self._call(self._abort, bucket, item) for item in uploads))
        objects = [item.key for item in found if not item.upload_id]
        return await self._call(self._delete, bucket, objects) if objects else []

    def _list(self, bucket: str, prefix: str) -> list[Found]:
        listing = self.s3.list_objects(bucket, prefix=prefix, recursive=True)
        return [Found(item.object_name or "", item.size or 0) for item in listing]

    def _stat(self, bucket: str, key: str) -> list[Found]:
        try:
            return [Found(key, self.s3.stat_object(bucket, key).size or 0)]
        except S3Error as error:
            if error.code in GONE:
                return []
            raise

    def _multipart(self, bucket: str, key: str) -> list[Found]:
        found: list[Found] = []
        key_marker = upload_marker = None
        while True:
            page = self.s3._list_multipart_uploads(
                bucket, prefix=key, key_marker=key_marker, upload_id_marker=upload_marker
            )
            found += [
                Found(item.object_name or "", 0, item.upload_id)
                for item in page.uploads
                if item.object_name == key and item.upload_id
            ]
            if not page.is_truncated:
                return found
            key_marker, upload_marker = page.next_key_marker, page.next_upload_id_marker

    def _abort(self, bucket: str, item: Found) -> None:
        try:
            self.s3._abort_multipart_upload(bucket, item.key, item.upload_id or "")
        except S3Error as error:
            if error.code not in GONE:
                raise

    def _delete(self, bucket: str, keys: list[str]) -> list[str]:
        errors = self.s3.remove_objects(bucket, (DeleteObject(key) for key in keys))
        return [error.name or "" for error in errors if error.code not in GONE]

    def close(self) -> None:
        self._threads.shutdown(wait=False, cancel_futures=True)
