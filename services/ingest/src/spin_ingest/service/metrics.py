"""Prometheus figures for uploads (case codes never appear in labels)."""

from prometheus_client import Counter, Gauge

UPLOADS = Counter(
    "ingest_uploads_total", "Uploads by outcome", ["outcome"]
)  # created, completed, duplicate, failed, terminated, expired
BYTES = Counter("ingest_bytes_received_total", "Bytes accepted into uploads")
FAILURES = Counter("ingest_upload_failures_total", "RefusalError or failed requests", ["reason"])
RECEIVING = Gauge("ingest_requests_receiving", "PATCH requests streaming right now")

REASONS = {
    400: "bad_request",
    403: "forbidden",
    404: "not_found",
    409: "offset_conflict",
    410: "gone",
    412: "protocol_version",
    413: "too_large",
    415: "unsupported_media",
    423: "locked",
    429: "site_limit",
    460: "checksum_mismatch",
    503: "storage_unavailable",
}


def count_failure(status: int) -> None:
    FAILURES.labels(REASONS.get(status, str(status))).inc()
