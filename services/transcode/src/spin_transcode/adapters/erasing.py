"""Removing footage from object storage through the S3 API only: list many footage items'
prefixes together (skip scans, see `skip_scan`), delete in batches (DeleteObjects, 1,000 keys a
request, across footage), abort unfinished multipart uploads.

Every call is idempotent: deleting a key that is gone succeeds, aborting an upload that is gone
is fine, so a job interrupted anywhere can simply be run again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

from minio import Minio
from minio.deleteobjects import DeleteObject
from minio.error import S3Error

from spin_transcode.adapters.skip_scan import Target, by_prefix, scan

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)
GONE = frozenset({"NoSuchUpload", "NoSuchKey"})
LISTING_THREADS = 8  # listings are small round trips; a few at once hide their latency
# DeleteObjects requests (1,000 keys each) in flight at once: MinIO deletes a batch's files
# one after another, so a few batches side by side use the store better than one stream
DELETE_STREAMS = 3
EXACT_UPLOAD_LISTINGS = 4  # camera files whose uploads are listed one by one, beyond: bucket


@dataclass(frozen=True)
class Wanted:
    """What one erasure removes: everything under `prefixes`, the camera file `raw_key` (and
    its unfinished uploads), and the objects `keys` (clips marked for training)."""

    prefixes: tuple[str, ...]
    raw_key: str | None = None
    keys: tuple[str, ...] = ()


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

    async def find(self, bucket: str, wanted: Mapping[K, Wanted]) -> dict[K, list[Found]]:
        """Every object of every entry of `wanted`, by entry: the objects under its prefixes,
        its camera file and the camera file's unfinished multipart uploads. Entries share
        listings: a skip scan per folder and first character of the footage id (see
        `skip_scan`), side by side, and few multipart listings (see `_upload_prefixes`). A
        camera file is found by a scan from its own key, never by walking its folder (which
        holds every camera file of the site)."""
        owners: dict[Target, list[K]] = {}
        for owner, one in wanted.items():
            targets = [Target(prefix) for prefix in one.prefixes]
            targets += [Target(one.raw_key, exact=True)] if one.raw_key else []
            targets += [Target(key, exact=True) for key in one.keys]
            for target in targets:
                owners.setdefault(target, []).append(owner)
        raw_keys = {one.raw_key for one in wanted.values() if one.raw_key}
        scans = [
            self._call(self._scan, bucket, prefix, targets)
            for prefix, targets in by_prefix(owners).items()
        ]
        uploads = [
            self._call(self._multipart, bucket, where, raw_keys)
            for where in _upload_prefixes(raw_keys)
        ]
        found: dict[K, list[Found]] = {owner: [] for owner in wanted}
        # One gather for both: with storage away a failing scan must not leave the upload
        # listings never started (and never awaited).
        every_scan, every_listing = await asyncio.gather(
            asyncio.gather(*scans), asyncio.gather(*uploads)
        )
        for scanned in every_scan:
            for target, items in scanned.items():
                for owner in owners[target]:
                    found[owner] += [Found(key, size) for key, size in items]
        for listed in every_listing:
            for item in listed:
                for owner in owners[Target(item.key, exact=True)]:
                    found[owner].append(item)
        return found

    async def remove(self, bucket: str, found: Iterable[Found]) -> list[str]:
        """Abort the uploads and delete the objects; the keys that could not be removed."""
        found = list(found)
        uploads = [item for item in found if item.upload_id]
        await asyncio.gather(*(self._call(self._abort, bucket, item) for item in uploads))
        objects = sorted({item.key for item in found if not item.upload_id})
        streams = [objects[at::DELETE_STREAMS] for at in range(DELETE_STREAMS)]
        failed = await asyncio.gather(
            *(self._call(self._delete, bucket, keys) for keys in streams if keys)
        )
        return [key for keys in failed for key in keys]

    def _scan(
        self, bucket: str, prefix: str, targets: list[Target]
    ) -> dict[Target, list[tuple[str, int]]]:
        def listing(under: str, start_after: str) -> Iterator[tuple[str, int]]:
            pages = self.s3.list_objects(
                bucket, prefix=under, recursive=True, start_after=start_after
            )
            return ((item.object_name or "", item.size or 0) for item in pages)

        return scan(prefix, targets, listing)

    def _multipart(self, bucket: str, prefix: str, keys: set[str]) -> list[Found]:
        """The unfinished uploads to `keys` among those listed under `prefix`, a page per
        thousand. minio-py has no public call for listing or aborting multipart uploads; its
        internal ones are used here and only here."""
        found: list[Found] = []
        key_marker = upload_marker = None
        while True:
            page = self.s3._list_multipart_uploads(
                bucket, prefix=prefix, key_marker=key_marker, upload_id_marker=upload_marker
            )
            found += [
                Found(item.object_name or "", 0, item.upload_id)
                for item in page.uploads
                if item.object_name in keys and item.upload_id
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


def _upload_prefixes(raw_keys: set[str]) -> list[str]:
    """The multipart listings that cover `raw_keys`: one per key for a few, else one of the
    whole bucket. MinIO lists uploads for an exact key or for the whole bucket, not for a
    folder; the bucket's unfinished uploads are the ones in flight (ingest sweeps expired
    ones), far fewer than its objects."""
    if len(raw_keys) <= EXACT_UPLOAD_LISTINGS:
        return sorted(raw_keys)
    return [""]
