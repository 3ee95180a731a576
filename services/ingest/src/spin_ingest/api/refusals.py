"""The tus/HTTP answer to each kind of refusal the service layer and the domain give, its
sentence in the reader's language (Accept-Language; English where none fits)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from spincore.i18n import Catalogs

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

CATALOGS = Catalogs(Path(__file__).resolve().parent.parent / "locale")


def sentence(template: str, values: Mapping[str, object], accept_language: str | None) -> str:
    return CATALOGS.sentence(template, CATALOGS.language(accept_language), values)


def status_of(refused: RefusalError) -> int:
    return STATUS[refused.refusal]


def language_headers(accept_language: str | None) -> dict[str, str]:
    return {"Content-Language": CATALOGS.language(accept_language), "Vary": "Accept-Language"}


def headers_of(refused: RefusalError) -> dict[str, str]:
    headers: dict[str, str] = {}
    if refused.refusal is Refusal.UNSUPPORTED_VERSION:
        headers["Tus-Version"] = protocol.TUS_VERSION
    if refused.retry_after_s is not None:
        headers["Retry-After"] = str(refused.retry_after_s)
    return headers
