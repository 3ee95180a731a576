"""Why processing stopped (footage.failed, clip.failed): a code and its values for the reader's
side to word in its reader's language, never words to translate; the English `reason` stays
for readers that know no code (and is all older events carry)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class FailureCode(StrEnum):
    """Why processing stopped, as a code: the reader's side words it in the reader's language
    with the event's values."""

    GAVE_UP = "gave_up"  # the stage failed on every attempt (stage, attempts, short_of_disk)
    NOT_READY = "not_ready"  # clips asked of footage that is not transcoded yet
    # Footage refused as it is (stage probe or source), never retried:
    NOT_A_VIDEO = "not_a_video"  # no video stream at all
    SOUND_ONLY = "sound_only"  # sound but no picture
    STILL_IMAGE = "still_image"
    TEXT_DOCUMENT = "text_document"
    INCOMPLETE = "incomplete"  # its index is missing: a recording or copy cut off
    DAMAGED = "damaged"  # unreadable data: damaged, or not a video at all
    UNDECODABLE = "undecodable"  # its video stream cannot be decoded
    EMPTY = "empty"  # empty, or cut off at the start
    NO_SIZE = "no_size"  # its length or picture size cannot be read
    TOO_LONG = "too_long"  # longer than the service takes (duration_s, limit_s)
    SOURCE_MISSING = "source_missing"  # the uploaded file is no longer in storage
    CONSENT_WITHDRAWN = "consent_withdrawn"  # footage or clips of a withdrawn filming consent
    # Clip requests refused:
    FOOTAGE_FAILED = "footage_failed"  # the footage could not be processed
    SEGMENTS_REFUSED = "segments_refused"  # segments that cannot be cut (problems)


class SegmentFault(StrEnum):
    """What is wrong with one requested clip segment."""

    REPEATED_ID = "repeated_id"  # the id of an earlier clip of the request
    ENDS_BEFORE_START = "ends_before_start"
    TOO_LONG = "too_long"  # longer than the longest clip (the failure's limit_s)
    ENDS_AFTER_FOOTAGE = "ends_after_footage"  # past the footage's end (its duration_s)


class SegmentProblem(BaseModel):
    """One problem of one segment: the clip's number in the request and its times."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    clip: int = Field(ge=1, description="the clip's number in the request, from 1")
    start_s: float
    end_s: float
    fault: SegmentFault


class Failure(BaseModel):
    """A failure's code and values, as its readers keep them to word later."""

    model_config = ConfigDict(frozen=True)

    code: FailureCode
    stage: str
    attempts: int
    short_of_disk: bool = False
    duration_s: float | None = None
    limit_s: float | None = None
    problems: tuple[SegmentProblem, ...] | None = None

    def kept(self) -> dict[str, Any]:
        """As JSON, without the values this code has none of (a row keeps it so)."""
        return self.model_dump(mode="json", exclude_none=True)


class Failing(BaseModel):
    """The fields of a failure event that say why."""

    reason: str = Field(description="the English words, for readers that do not know the code")
    reason_code: FailureCode | None = Field(
        default=None,
        description="why, as a code to word in the reader's language; None where only the "
        "English `reason` says why (older events)",
    )
    attempts: int = Field(ge=1, default=1)
    short_of_disk: bool = Field(default=False, description="the server ran short of disk")
    duration_s: float | None = Field(
        default=None,
        ge=0,
        description="too_long and segments_refused: the footage's length in seconds",
    )
    limit_s: float | None = Field(
        default=None,
        ge=0,
        description="too_long: the longest footage taken; segments_refused: the longest clip",
    )
    problems: list[SegmentProblem] | None = Field(
        default=None, description="segments_refused: each problem of each segment"
    )

    def failure(self) -> Failure | None:
        """The code and its values; None for an event with English words only."""
        if self.reason_code is None:
            return None
        return Failure(
            code=self.reason_code,
            # footage.failed names its stage; clip.failed has none: it was cutting the clips
            stage=str(getattr(self, "stage", "clips")),
            attempts=self.attempts,
            short_of_disk=self.short_of_disk,
            duration_s=self.duration_s,
            limit_s=self.limit_s,
            problems=None if self.problems is None else tuple(self.problems),
        )
