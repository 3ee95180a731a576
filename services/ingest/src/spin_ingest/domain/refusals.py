"""Why an upload request is refused: a kind of refusal and a sentence for a person.

The kinds are the service's own vocabulary; `api.refusals` answers each with its tus/HTTP
status. The sentence is an English `%(name)s` template (the catalogs' msgid) with its values:
`message` is the English sentence (logs, tests), the API answers in the reader's language.
"""

from __future__ import annotations

from enum import StrEnum


class Refusal(StrEnum):
    MALFORMED = "malformed"
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"
    CONFLICT = "conflict"
    GONE = "gone"
    UNSUPPORTED_VERSION = "unsupported_version"
    TOO_LARGE = "too_large"
    UNSUPPORTED_MEDIA = "unsupported_media"
    BUSY = "busy"
    TOO_MANY = "too_many"
    CHECKSUM_MISMATCH = "checksum_mismatch"
    STORAGE_UNAVAILABLE = "storage_unavailable"


class RefusalError(Exception):
    def __init__(
        self,
        refusal: Refusal,
        template: str,
        retry_after_s: int | None = None,
        /,
        **values: object,
    ) -> None:
        message = template % values if values else template
        super().__init__(message)
        self.refusal = refusal
        self.message = message
        self.template = template
        self.values = values
        self.retry_after_s = retry_after_s


def not_found() -> RefusalError:
    # The same answer for "never existed" and "belongs to someone else": nothing leaks.
    return RefusalError(Refusal.NOT_FOUND, "there is no such upload")


def offset_mismatch(client: int, server: int) -> RefusalError:
    return RefusalError(
        Refusal.CONFLICT,
        "Upload-Offset %(client)s does not match the upload's offset %(server)s",
        client=client,
        server=server,
    )


def beyond_length(length: int) -> RefusalError:
    return RefusalError(
        Refusal.MALFORMED, "the body goes beyond Upload-Length (%(length)s bytes)", length=length
    )
