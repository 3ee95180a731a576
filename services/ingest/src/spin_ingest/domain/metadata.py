"""What a site must tell us about a camera file when it creates an upload (tus Upload-Metadata).

The header is `key base64(value),key base64(value),...`. Browser clients (Uppy) add keys of
their own (`filetype`, `name`, ...); unknown keys are ignored.
"""

from __future__ import annotations

import base64
import binascii
import re
from datetime import UTC, datetime, timedelta

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from spin_contracts.events.consent import CASE_CODE
from spin_contracts.events.footage import FILMING_SESSION_ID
from spincore.i18n import N_

CLOCK_SKEW = timedelta(minutes=10)
FIELD_NAMES = ("case_code", "site", "filming_session_id", "filmed_at", "filename", "device")


MISSING = N_("Upload-Metadata field '%(field)s' is missing")
NOT_TEXT = N_("Upload-Metadata field '%(field)s' is not base64-encoded UTF-8 text")
INVALID = N_("Upload-Metadata field '%(field)s' is invalid: %(problem)s")


class InvalidMetadataError(ValueError):
    """The upload metadata is malformed; `field` names the culprit for the person uploading."""

    def __init__(self, field: str, template: str, **values: object) -> None:
        self.values: dict[str, object] = {"field": field, **values}
        super().__init__(template % self.values)
        self.field = field
        self.template = template


class FootageMetadata(BaseModel):
    """The validated description of one camera file."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    case_code: str = Field(pattern=CASE_CODE)
    site: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    agency: str | None = Field(default=None, min_length=1, max_length=64)
    filming_session_id: str = Field(pattern=FILMING_SESSION_ID)
    filmed_at: datetime
    filename: str = Field(min_length=1, max_length=255)
    # Checked as sent, kept only in the tus metadata (HEAD returns it), never in an event.
    device: str | None = Field(default=None, min_length=1, max_length=100)
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")

    @field_validator("filmed_at")
    @classmethod
    def filmed_in_the_past(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            raise ValueError("must carry a time zone, for example 2025-03-01T10:30:00+01:00")
        if value > datetime.now(UTC) + CLOCK_SKEW:
            raise ValueError("lies in the future")
        return value

    @field_validator("filename", "device")
    @classmethod
    def printable_without_paths(cls, value: str | None) -> str | None:
        if value is not None and (not value.isprintable() or re.search(r"[/\\]", value)):
            raise ValueError("must be printable text without path separators")
        return value

    @field_validator("sha256", mode="before")
    @classmethod
    def lower_case_hex(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value


def parse_header(header: str | None) -> dict[str, str]:
    """Decode a tus Upload-Metadata header into text values."""
    values: dict[str, str] = {}
    for pair in (header or "").split(","):
        if not pair.strip():
            continue
        key, _, encoded = pair.strip().partition(" ")
        try:
            values[key] = base64.b64decode(encoded, validate=True).decode()
        except (binascii.Error, UnicodeDecodeError) as error:
            raise InvalidMetadataError(key, NOT_TEXT) from error
    return values


def encode_header(values: dict[str, str]) -> str:
    return ",".join(f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in values.items())


def validate(values: dict[str, str]) -> FootageMetadata:
    """The metadata as a model, or InvalidMetadataError naming the first bad or missing field."""
    try:
        return FootageMetadata.model_validate(values)
    except ValidationError as error:
        first = error.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "metadata"
        if first["type"] == "missing":
            raise InvalidMetadataError(field, MISSING) from error
        # Pydantic's own words on what is wrong stay English (docs/languages.md).
        raise InvalidMetadataError(field, INVALID, problem=first["msg"]) from error
