"""Footage in object storage: the one adapter around the minio SDK's multipart calls.

The SDK's public `put_object` wants the whole stream up front; tus delivers a file over many
requests, possibly to different replicas, so ingest drives S3 multipart uploads itself through
the SDK's (underscored) multipart calls. Every call runs in a worker thread; any sign that the
server is away becomes `StorageUnavailableError` (the API answers 503 with Retry-After).

Parts and tails are sent through presigned URLs, which sign the request but not its payload
(UNSIGNED-PAYLOAD): with the SDK's signed calls every byte would be hashed twice more on plain
HTTP (by the SDK to sign, by the server to verify), on top of the whole-file sha256 ingest
computes anyway. The body goes to the socket as it is, without a copy. The price: the server no
longer checks each part against a signed hash. The SDK makes the same choice over HTTPS, where
TLS guards the bytes in transit, so object storage beyond one host belongs behind TLS
(SPIN_S3_SECURE).

A part's bytes are in the kernel's hands well before the server answers (it answers once it
has written the part; docs/performance.md, "Settings"), so `put_part`
reports `sent` and the caller can reuse the buffer meanwhile. That is why these PUTs are not
retried by urllib3: a retry would send a buffer that may hold the next part by then. A failed
PUT fails the request (503); the client resumes from the last recorded offset.

The tail of a request that does not fill a part is kept as a staging object
`staging/<upload-id>/tail` in the same bucket: durable, visible to every replica, and read
back at the start of the next request.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import TypeVar
from uuid import UUID

import urllib3
from minio import Minio
from minio.datatypes import Part
from minio.error import InvalidResponseError, S3Error, ServerError
from minio.helpers import DictType

T = TypeVar("T")
READ_BLOCK = 8 * 1024 * 1024
TRANSIENT_S3_CODES = frozenset(
    {"SlowDown", "ServiceUnavailable", "InternalError", "XMinioServerNotInitialized"}
)
GONE_CODES = frozenset({"NoSuchUpload", "NoSuchKey"})
PRESIGNED_FOR = timedelta(minutes=15)  # checked when the PUT starts; it is made at once


class StorageUnavailableError(Exception):
    """Object storage did not answer (or answered with a server error)."""


@dataclass(frozen=True)
class StoredPart:
    number: int
    etag: str
    size: int


def _sending(data: memoryview, sent: Callable[[], object]) -> Iterator[memoryview]:
    """The body in one piece (one sendall, no copy); `sent` once the socket has taken it."""
    yield data
    sent()


def staging_key(upload_id: UUID) -> str:
    return f"staging/{upload_id}/tail"


class FootageStorage:
    def __init__(self, s3: Minio, bucket: str) -> None:
        self.s3 = s3
        self.bucket = bucket

    async def _call(self, function: Callable[..., T], *args: object) -> T:
        try:
            return await asyncio.to_thread(function, *args)
        except S3Error as error:
            if error.code in TRANSIENT_S3_CODES:
                raise StorageUnavailableError(str(error)) from error
            raise
        except (ServerError, InvalidResponseError, urllib3.exceptions.HTTPError, OSError) as error:
            raise StorageUnavailableError(repr(error)) from error

    async def start(self, key: str) -> str:
        """Open a multipart upload for `key`; returns its S3 upload id."""
        return await self._call(
            self.s3._create_multipart_upload,
            self.bucket,
            key,
            {"Content-Type": "application/octet-stream"},
        )

    async def put_part(
        self,
        key: str,
        s3_upload_id: str,
        number: int,
        data: memoryview,
        sent: Callable[[], object] = lambda: None,
    ) -> StoredPart:
        """Store part `number`; `sent` is called (in a worker thread) once `data` is no longer
        needed, before the server has answered."""
        query: DictType = {"partNumber": str(number), "uploadId": s3_upload_id}
        size = len(data)  # `data` may be released once sent
        etag = await self._call(self._put_unsigned, key, data, query, sent)
        return StoredPart(number, etag, size)

    async def complete(self, key: str, s3_upload_id: str, parts: list[StoredPart]) -> None:
        """Assemble the parts under `key`; already assembled (a retry after a crash) is fine."""
        try:
            await self._call(
                self.s3._complete_multipart_upload,
                self.bucket,
                key,
                s3_upload_id,
                [Part(p.number, p.etag) for p in parts],
            )
        except S3Error as error:
            if error.code != "NoSuchUpload":
                raise
            await self._call(self.s3.stat_object, self.bucket, key)

    async def abort(self, key: str, s3_upload_id: str) -> None:
        """Drop every part of an unfinished upload (already gone is fine)."""
        try:
            await self._call(self.s3._abort_multipart_upload, self.bucket, key, s3_upload_id)
        except S3Error as error:
            if error.code not in GONE_CODES:
                raise

    async def put_tail(self, upload_id: UUID, data: memoryview) -> None:
        await self._call(self._put_unsigned, staging_key(upload_id), data, None)

    async def read_tail(self, upload_id: UUID, length: int) -> bytes:
        data = await self._call(self._read_bytes, staging_key(upload_id), length)
        if len(data) != length:
            raise StorageUnavailableError(
                f"staged tail of {upload_id} holds {len(data)} bytes, not {length}"
            )
        return data

    async def remove_tail(self, upload_id: UUID) -> None:
        await self.remove(staging_key(upload_id))

    async def remove(self, key: str) -> None:
        await self._call(self.s3.remove_object, self.bucket, key)

    async def sha256_of(self, key: str) -> str:
        """Hash a stored object by streaming it back (when no running hash survived)."""
        return await self._call(self._hash_object, key)

    def _put_unsigned(
        self,
        key: str,
        data: memoryview,
        query: DictType | None,
        sent: Callable[[], object] = lambda: None,
    ) -> str:
        """PUT `data` as `key` (or as a part of it); returns the ETag."""
        url = self.s3.get_presigned_url(
            "PUT", self.bucket, key, expires=PRESIGNED_FOR, extra_query_params=query
        )
        response = self.s3._http.urlopen(
            "PUT",
            url,
            body=_sending(data, sent),
            headers={"Content-Length": str(len(data))},
            retries=False,
        )
        if response.status != 200:
            if "xml" in response.headers.get("Content-Type", "") and response.data:
                raise S3Error.fromxml(response)
            raise ServerError(f"object storage answered {response.status}", response.status)
        return str(response.headers["ETag"]).strip('"')

    def _read_bytes(self, key: str, length: int) -> bytes:
        response = self.s3.get_object(self.bucket, key, 0, length)
        try:
            return response.read()
        finally:
            response.close()
            response.release_conn()

    def _hash_object(self, key: str) -> str:
        hasher = hashlib.sha256()
        response = self.s3.get_object(self.bucket, key)
        try:
            for block in response.stream(READ_BLOCK):
                hasher.update(block)
        finally:
            response.close()
            response.release_conn()
        return hasher.hexdigest()
