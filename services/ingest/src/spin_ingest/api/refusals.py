"""The tus/HTTP answer to each kind of refusal the service layer and the domain give."""

from __future__ import annotations

from spin_ingest.domain import protocol
from spin_ingest.domain.refusals import Refusal, RefusalError

STATUS: dict[Refusal, int] = {
    Refusal.MALFORMED: 400,
    Refusal.FORBIDDEN: 403,
    Refusal.NOT_FOUND: 404,
    Refusal.CONFLICT: 409,
    Refusal.GONE: 410,
    Refusal.UNSUPPORTED_VERSION: 412,
    Refusal.TOO_LARGE: 413,
    Refusal.UNSUPPORTED_MEDIA: 415,
    Refusal.BUSY: 423,
    Refusal.TOO_MANY: 429,
    # tus's checksum extension: the body did not match its Upload-Checksum.
    Refusal.CHECKSUM_MISMATCH: 460,
    Refusal.STORAGE_UNAVAILABLE: 503,
}


def status_of(refused: RefusalError) -> int:
    return STATUS[refused.refusal]


def headers_of(refused: RefusalError) -> dict[str, str]:
    headers: dict[str, str] = {}
    if refused.refusal is Refusal.UNSUPPORTED_VERSION:
        headers["Tus-Version"] = protocol.TUS_VERSION
    if refused.retry_after_s is not None:
        headers["Retry-After"] = str(refused.retry_after_s)
    return headers
