"""Object storage through the S3 API (minio SDK): any S3 server can stand in for MinIO."""

from __future__ import annotations

import asyncio

from minio import Minio
from minio.error import S3Error
from minio.sseconfig import Rule, SSEConfig

from spincore.logging import get_logger
from spincore.settings import Environment, ServiceSettings

log = get_logger(__name__)


class EncryptionUnavailableError(RuntimeError):
    """The object store cannot encrypt at rest (it has no KMS), and production requires it."""


def make_s3(settings: ServiceSettings) -> Minio:
    return Minio(
        settings.s3_endpoint,
        access_key=settings.s3_access_key,
        secret_key=settings.s3_secret_key.get_secret_value(),
        secure=settings.s3_secure,
        region=settings.s3_region,
    )


def ensure_bucket(s3: Minio, bucket: str, settings: ServiceSettings | None = None) -> None:
    """The bucket exists and, where `settings` ask for it, encrypts what is written to it.

    Bucket default encryption, not a header per request: it also covers what is written
    through presigned URLs and multipart uploads (ingest's bytes), whoever writes them.
    """
    if not s3.bucket_exists(bucket):
        s3.make_bucket(bucket)
    if settings is not None and settings.s3_encryption:
        encrypt_at_rest(s3, bucket, production=settings.env is Environment.PRODUCTION)


def encrypt_at_rest(s3: Minio, bucket: str, *, production: bool) -> None:
    try:
        s3.set_bucket_encryption(bucket, SSEConfig(Rule.new_sse_s3_rule()))
    except S3Error as error:
        if production or error.code != "NotImplemented":
            raise EncryptionUnavailableError(
                f"object storage refused to encrypt bucket {bucket} at rest ({error.code}): "
                "configure its KMS (MINIO_KMS_SECRET_KEY or KES), or set SPIN_S3_ENCRYPTION=false"
            ) from error
        log.warning("object_storage_unencrypted", bucket=bucket, reason=error.code)


async def s3_ready(s3: Minio, bucket: str, timeout_s: float = 3.0) -> bool:
    try:
        return await asyncio.wait_for(asyncio.to_thread(s3.bucket_exists, bucket), timeout_s)
    except Exception:  # noqa: BLE001 - any failure means "not ready"
        return False
