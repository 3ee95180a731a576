"""Why an upload request is refused, with the tus/HTTP status and a sentence for a person."""

from __future__ import annotations


class RefusalError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def not_found() -> RefusalError:
    # The same answer for "never existed" and "belongs to someone else": nothing leaks.
    return RefusalError(404, "there is no such upload")


def offset_mismatch(client: int, server: int) -> RefusalError:
    return RefusalError(409, f"Upload-Offset {client} does not match the upload's offset {server}")


def unsupported_media(reason: str) -> RefusalError:
    return RefusalError(415, reason)


def beyond_length(length: int) -> RefusalError:
    return RefusalError(400, f"the body goes beyond Upload-Length ({length} bytes)")
