"""Object storage through the S3 API (minio SDK): any S3 server can stand in for MinIO."""

from __future__ import annotations

import asyncio

from minio import Minio

from spincore.settings import ServiceSettings


def make_s3(settings: ServiceSettings) -> Minio:
    return Minio(
        settings.s3_endpoint,
        access_key=settings.s3_access_key,
        secret_key=settings.s3_secret_key.get_secret_value(),
        secure=settings.s3_secure,
        region=settings.s3_region,
    )


def ensure_bucket(s3: Minio, bucket: str) -> None:
    if not s3.bucket_exists(bucket):
        s3.make_bucket(bucket)


async def s3_ready(s3: Minio, bucket: str, timeout_s: float = 3.0) -> bool:
    try:
        return await asyncio.wait_for(asyncio.to_thread(s3.bucket_exists, bucket), timeout_s)
    except Exception:  # noqa: BLE001 - any failure means "not ready"
        return False
