"""Footage is encrypted at rest: bytes uploaded through ingest (a staged tail, multipart parts,
the finished camera file) never appear in MinIO's data directory, and every object reports
server-side encryption. A private MinIO with a KMS key, as infra/ starts the shared one."""

from __future__ import annotations

import asyncio
import base64
import io
import os
import secrets
from pathlib import Path

import pytest
from minio import Minio
from spincore.auth.tokens import TokenIssuer

from tests.integration.ingest.conftest import ingest_settings, start_ingest
from tests.integration.ingest.support import (
    AGENCY,
    MIB,
    SITE,
    create,
    grant,
    mp4_bytes,
    patch,
    token,
)
from tests.support.isolation import Isolation
from tests.support.private_servers import PrivateMinio, running_privately

pytestmark = pytest.mark.integration
PATTERN = b"SPIN-KNOWN-PATTERN-" + secrets.token_hex(8).encode()


def _with_pattern(size: int) -> bytes:
    """An MP4-looking file whose every MiB holds PATTERN: plain anywhere on disk, it is found."""
    data = bytearray(mp4_bytes(size))
    for at in range(1024, size - len(PATTERN), MIB):
        data[at : at + len(PATTERN)] = PATTERN
    return bytes(data)


def _on_disk(folder: Path, pattern: bytes) -> list[Path]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file() and pattern in path.read_bytes():
            found.append(path)
    return found


def _encryption(s3: Minio, bucket: str) -> dict[str, str | None]:
    """The server-side encryption each object of `bucket` reports."""
    found: dict[str, str | None] = {}
    for item in s3.list_objects(bucket, recursive=True):
        headers = s3.stat_object(bucket, item.object_name or "").metadata or {}
        found[item.object_name or ""] = headers.get("x-amz-server-side-encryption")
    return found


async def test_uploaded_footage_is_encrypted_on_disk(
    isolated: Isolation, issuer: TokenIssuer, tmp_path: Path
) -> None:
    kms_key = "spin-test:" + base64.b64encode(os.urandom(32)).decode()
    minio = PrivateMinio(tmp_path / "minio", "sse-test", "sse-test-secret", kms_key)
    with running_privately(minio):
        settings = ingest_settings(
            isolated,
            s3_endpoint=minio.endpoint,
            s3_access_key=minio.access_key,
            s3_secret_key=minio.secret_key,
        )
        data_dir = minio.workdir / "data"
        auth, data = token(issuer), _with_pattern(12 * MIB + 99)
        async with start_ingest(settings) as running:
            s3, bucket = running.s3, settings.s3_bucket
            await grant(settings, running.runtime.engine)
            url = (await create(running.client, auth, len(data))).headers["Location"]
            half = await patch(running.client, auth, url, 0, data[: 6 * MIB])
            assert half.status_code == 204, half.text
            assert await asyncio.to_thread(_on_disk, data_dir, PATTERN) == [], "parts, tail"
            staged = await asyncio.to_thread(_encryption, s3, bucket)
            assert staged, "the tail is staged as an object"
            assert set(staged.values()) == {"AES256"}, staged

            done = await patch(running.client, auth, url, 6 * MIB, data[6 * MIB :])
            assert done.status_code == 204, done.text
            key = f"raw/{AGENCY}/{SITE}/{done.headers['Spin-Footage-Id']}"
            stored = await asyncio.to_thread(_encryption, s3, bucket)
            assert stored.get(key) == "AES256", stored
            assert set(stored.values()) == {"AES256"}, stored
            assert s3.get_object(bucket, key).read() == data, "read back in the clear"
            assert await asyncio.to_thread(_on_disk, data_dir, PATTERN) == []

            # The control: without encryption the same bytes are plainly on disk.
            s3.make_bucket(f"{bucket}-plain")
            s3.put_object(f"{bucket}-plain", "control", io.BytesIO(data[: 2 * MIB]), 2 * MIB)
            assert await asyncio.to_thread(_on_disk, data_dir, PATTERN) != []
